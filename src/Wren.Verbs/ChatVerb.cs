using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Verbs;

/// <summary><c>chat</c> of <c>wren</c> and <c>wren-run</c>: an interactive conversation in the terminal, on <see cref="WrenChatClient"/>.</summary>
public static class ChatVerb
{
    public static Command Create(VerbHost host)
    {
        var model = RunOptions.Model(host, "Model folder or .gguf file with a chat template");
        var system = new Option<string?>("--system") { Description = "System prompt put first in the conversation" };
        var maxTokens = RunOptions.MaxTokens("Most tokens per answer", 512);
        var temperature = RunOptions.Temperature(0.7f);
        var threads = RunOptions.Threads();
        var context = ContextOption.Create();
        var command = new Command("chat",
            "Chat with a local model in the terminal; answers stream as they are generated. Type /reset to start over, /exit (or Ctrl+D) to leave; Ctrl+C stops an answer.\n" +
            $"Example: {host.Tool} chat --model out/model --system \"You answer briefly.\"");
        foreach (Option o in new Option[] { model, system, maxTokens, temperature, threads, context }) command.Options.Add(o);
        VerbAction.Set(command, host, async (parse, ct) =>
        {
            using var wren = WrenModel.Load(await host.LocalModel(parse.GetValue(model)!, ct).ConfigureAwait(false), ChatTemplates.Jinja);
            using var client = new WrenChatClient(wren, new GenerationSchedulerOptions { Parallel = 1, Threads = parse.GetValue(threads), MaxContext = parse.GetValue(context) });
            var history = new List<ChatMessage>();
            string? systemPrompt = parse.GetValue(system);
            if (systemPrompt is not null) history.Add(new ChatMessage(ChatRole.System, systemPrompt));
            var options = new ChatOptions { MaxOutputTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature) };
            host.ErrorLine($"chatting with {wren.Name}, {ContextOption.Describe(wren, parse.GetValue(context) ?? wren.MaxContext)} (/reset, /exit)");
            while (!ct.IsCancellationRequested)
            {
                host.Write("> ");
                string? line = host.In.ReadLine();
                if (line is null || line.Trim() == "/exit") break;
                if (line.Trim() == "/reset")
                {
                    history.RemoveAll(m => m.Role != ChatRole.System);
                    host.ErrorLine("(conversation cleared)");
                    continue;
                }
                if (line.Trim().Length == 0) continue;
                history.Add(new ChatMessage(ChatRole.User, line));
                var answer = new StringBuilder();
                UsageDetails? usage = null;
                var started = Stopwatch.StartNew();
                await foreach (var update in client.GetStreamingResponseAsync(history, options, ct).ConfigureAwait(false))
                {
                    host.Write(update.Text);
                    answer.Append(update.Text);
                    usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                }
                host.WriteLine();
                history.Add(new ChatMessage(ChatRole.Assistant, answer.ToString()));
                if (usage?.OutputTokenCount is long n) host.ErrorLine($"({n} tokens, {n / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F1} tok/s)");
            }
            return VerbAction.Ok;
        });
        return command;
    }
}
