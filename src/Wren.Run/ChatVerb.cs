using System.CommandLine;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.AI;
using Wren.Cli.Commands;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Run;

/// <summary><c>wren-run chat</c>: <c>wren chat</c>'s conversation in the terminal, on the same chat client.</summary>
internal static class ChatVerb
{
    internal static Command Create(TextReader input, TextWriter output, TextWriter error)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder or .gguf file with a chat template", Required = true };
        var system = new Option<string?>("--system") { Description = "System prompt put first in the conversation" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Most tokens per answer", DefaultValueFactory = _ => 512 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy)", DefaultValueFactory = _ => 0.7f };
        var threads = new Option<int?>("--threads") { Description = "Kernel threads (default: all cores)" };
        var context = ContextOption.Create();
        var command = new Command("chat",
            "Chat with a local model in the terminal; answers stream as they are generated. Type /reset to start over, /exit (or Ctrl+D) to leave; Ctrl+C stops an answer.\n" +
            "Example: wren-run chat --model out/model --system \"You answer briefly.\"");
        foreach (Option o in new Option[] { model, system, maxTokens, temperature, threads, context }) command.Options.Add(o);
        RunAction.Set(command, error, async (parse, ct) =>
        {
            using var wren = WrenModel.Load(parse.GetValue(model)!, ChatTemplates.Jinja);
            using var client = new WrenChatClient(wren, new GenerationSchedulerOptions { Parallel = 1, Threads = parse.GetValue(threads), MaxContext = parse.GetValue(context) });
            var history = new List<ChatMessage>();
            string? systemPrompt = parse.GetValue(system);
            if (systemPrompt is not null) history.Add(new ChatMessage(ChatRole.System, systemPrompt));
            var options = new ChatOptions { MaxOutputTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature) };
            error.WriteLine($"chatting with {wren.Name}, {ContextOption.Describe(wren, parse.GetValue(context) ?? wren.MaxContext)} (/reset, /exit)");
            while (!ct.IsCancellationRequested)
            {
                output.Write("> ");
                output.Flush();
                string? line = input.ReadLine();
                if (line is null || line.Trim() == "/exit") break;
                if (line.Trim() == "/reset")
                {
                    history.RemoveAll(m => m.Role != ChatRole.System);
                    error.WriteLine("(conversation cleared)");
                    continue;
                }
                if (line.Trim().Length == 0) continue;
                history.Add(new ChatMessage(ChatRole.User, line));
                var answer = new StringBuilder();
                UsageDetails? usage = null;
                var started = Stopwatch.StartNew();
                await foreach (var update in client.GetStreamingResponseAsync(history, options, ct))
                {
                    output.Write(update.Text);
                    output.Flush();
                    answer.Append(update.Text);
                    usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                }
                output.WriteLine();
                history.Add(new ChatMessage(ChatRole.Assistant, answer.ToString()));
                if (usage?.OutputTokenCount is long n) error.WriteLine($"({n} tokens, {n / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F1} tok/s)");
            }
            return RunAction.Ok;
        });
        return command;
    }
}
