using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Pipeline.Tasks;
using Wren.Runtime.Generation;
using Wren.Server;
using Wren.Templates;
using Wren.Verbs;

namespace Wren.Cli.Commands;

/// <summary><c>wren serve</c>: the OpenAI-compatible HTTP server and chat page.</summary>
internal static class ServeCommand
{
    internal static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model", "-m") { Description = "Model folder (config.json, model.safetensors, tokenizer.json, chat template) or a .gguf file, or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var port = new Option<int>("--port") { Description = "Port to listen on (0 = any free port)", DefaultValueFactory = _ => 8080 };
        var host = new Option<string>("--host") { Description = "Address to bind; loopback by default, 0.0.0.0 to accept other machines", DefaultValueFactory = _ => "127.0.0.1" };
        var apiKey = new Option<string?>("--api-key") { Description = "Require 'Authorization: Bearer KEY' on /v1 and /metrics (default: the WREN_API_KEY variable, else none); /health and the chat page stay open" };
        var openMetrics = new Option<bool>("--open-metrics") { Description = "Serve /metrics without the API key (for a Prometheus scraper that cannot send one)" };
        var parallel = new Option<int>("--parallel") { Description = "Sequences decoded together in one batched step (each with its own KV cache); more wait in the queue", DefaultValueFactory = _ => 4 };
        var maxQueue = new Option<int>("--max-queue") { Description = "Requests that may wait for a slot; more get 429", DefaultValueFactory = _ => 64 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds a request may run", DefaultValueFactory = _ => 300 };
        var maxTokens = new Option<int>("--max-tokens-limit") { Description = "Largest max_tokens a request may ask for", DefaultValueFactory = _ => 4096 };
        var threads = RunOptions.Threads();
        var context = ContextOption.Create();
        var command = new Command("serve",
            "Serve a model over an OpenAI-compatible API (/v1/chat/completions, /v1/completions, /v1/models), with /health, Prometheus /metrics and a chat page at /.\n" +
            "A task run folder (wren task train) serves its model with its task held on every answer that asks for no response_format: a classifier answers one of its labels, an extract model a JSON object valid against its schema.\n" +
            "Example: wren serve --model out/model --port 8080 --parallel 4\n" +
            "Example: wren serve --model runs/fields");
        foreach (Option o in new Option[] { model, port, host, apiKey, openMetrics, parallel, maxQueue, timeout, maxTokens, threads, context }) command.Options.Add(o);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            string modelPath = await ModelArgument.LocalPathAsync(console, parse.GetValue(model)!, ct);
            // A task run folder serves its model with its task's labels or schema held on every answer.
            var task = ServedTask.Find(modelPath);
            using var wren = WrenModel.Load(task?.ModelFolder ?? modelPath, ChatTemplates.Jinja);
            using var scheduler = new GenerationScheduler(wren, new GenerationSchedulerOptions
            {
                Parallel = parse.GetValue(parallel),
                MaxQueue = parse.GetValue(maxQueue),
                Threads = parse.GetValue(threads),
                MaxContext = parse.GetValue(context),
            });
            var options = new WrenServerOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("WREN_API_KEY"),
                OpenMetrics = parse.GetValue(openMetrics),
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MaxTokensLimit = parse.GetValue(maxTokens),
                DefaultConstraint = task?.Constraint(wren),
            };
            await using var server = await WrenServer.StartAsync(scheduler, options, ct);
            if (task is not null) console.ErrorLine(task.Describe());
            console.ErrorLine($"serving {wren.Name} at {server.Address} (chat page at /, API at /v1, {scheduler.Parallel} parallel, {ContextOption.Describe(wren, scheduler.MaxContext)}; Ctrl+C stops)");
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
            }
            return CliAction.Ok;
        });
        return command;
    }
}
