using System.CommandLine;
using Microsoft.Extensions.AI;
using Wren.Cli.Terminal;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Cli.Commands;

/// <summary><c>wren chat</c>: an interactive conversation in the terminal.</summary>
internal static class ChatCommand
{
    internal static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder or .gguf file with a chat template, or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var system = new Option<string?>("--system") { Description = "System prompt put first in the conversation" };
        var maxTokens = new Option<int>("--max-tokens", "-n") { Description = "Most tokens per answer", DefaultValueFactory = _ => 512 };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature (0 = greedy)", DefaultValueFactory = _ => 0.7f };
        var threads = new Option<int?>("--threads") { Description = "Kernel threads (default: all cores)" };
        var context = ContextOption.Create();
        var command = new Command("chat",
            "Chat with a local model in the terminal; answers stream as they are generated. Type /reset to start over, /exit (or Ctrl+D) to leave; Ctrl+C stops an answer.\n" +
            "Example: wren chat --model out/model --system \"You answer briefly.\"");
        foreach (Option o in new Option[] { model, system, maxTokens, temperature, threads, context }) command.Options.Add(o);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            using var wren = WrenModel.Load(await ModelArgument.LocalPathAsync(console, parse.GetValue(model)!, ct), ChatTemplates.Jinja);
            using var client = new WrenChatClient(wren, new GenerationSchedulerOptions { Parallel = 1, Threads = parse.GetValue(threads), MaxContext = parse.GetValue(context) });
            var history = new List<ChatMessage>();
            string? systemPrompt = parse.GetValue(system);
            if (systemPrompt is not null) history.Add(new ChatMessage(ChatRole.System, systemPrompt));
            var options = new ChatOptions { MaxOutputTokens = parse.GetValue(maxTokens), Temperature = parse.GetValue(temperature) };
            console.ErrorLine($"chatting with {wren.Name}, {ContextOption.Describe(wren, parse.GetValue(context) ?? wren.MaxContext)} (/reset, /exit)");
            while (!ct.IsCancellationRequested)
            {
                console.Write("> ");
                string? line = console.In.ReadLine();
                if (line is null || line.Trim() == "/exit") break;
                if (line.Trim() == "/reset")
                {
                    history.RemoveAll(m => m.Role != ChatRole.System);
                    console.ErrorLine("(conversation cleared)");
                    continue;
                }
                if (line.Trim().Length == 0) continue;
                history.Add(new ChatMessage(ChatRole.User, line));
                var answer = new System.Text.StringBuilder();
                UsageDetails? usage = null;
                var started = System.Diagnostics.Stopwatch.StartNew();
                await foreach (var update in client.GetStreamingResponseAsync(history, options, ct))
                {
                    console.Write(update.Text);
                    answer.Append(update.Text);
                    usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
                }
                console.WriteLine();
                history.Add(new ChatMessage(ChatRole.Assistant, answer.ToString()));
                if (usage?.OutputTokenCount is long n) console.ErrorLine($"({n} tokens, {n / Math.Max(started.Elapsed.TotalSeconds, 1e-9):F1} tok/s)");
            }
            return CliAction.Ok;
        });
        return command;
    }
}
