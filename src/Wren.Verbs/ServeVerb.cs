using System.CommandLine;
using Wren.Runtime.Generation;
using Wren.Server;
using Wren.Templates;

namespace Wren.Verbs;

/// <summary>
/// <c>serve</c> of <c>wren</c> and <c>wren-run</c>: the OpenAI-compatible HTTP server (<see cref="WrenServer"/>) and chat
/// page. What only the JIT <c>wren</c> has (Prometheus /metrics, task run folders) comes from the <see cref="VerbHost"/>, and its
/// options and help lines appear only there.
/// </summary>
public static class ServeVerb
{
    public static Command Create(VerbHost host)
    {
        bool metrics = host.ServerMetrics is not null;
        bool tasks = host.FindServedTask is not null;
        var model = RunOptions.Model(host, "Model folder (config.json, model.safetensors, tokenizer.json, chat template) or a .gguf file" + (tasks ? ", or a task run folder" : ""));
        var port = new Option<int>("--port") { Description = "Port to listen on (0 = any free port)", DefaultValueFactory = _ => 8080 };
        var listen = new Option<string>("--host") { Description = "Address to bind; loopback by default, 0.0.0.0 to accept other machines", DefaultValueFactory = _ => "127.0.0.1" };
        var apiKey = new Option<string?>("--api-key") { Description = $"Require 'Authorization: Bearer KEY' on /v1{(metrics ? " and /metrics" : "")} (default: the WREN_API_KEY variable, else none); /health and the chat page stay open" };
        var openMetrics = new Option<bool>("--open-metrics") { Description = "Serve /metrics without the API key (for a Prometheus scraper that cannot send one)" };
        var parallel = new Option<int>("--parallel") { Description = "Sequences decoded together in one batched step (each with its own KV cache); more wait in the queue", DefaultValueFactory = _ => 4 };
        var maxQueue = new Option<int>("--max-queue") { Description = "Requests that may wait for a slot; more get 429", DefaultValueFactory = _ => 64 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds a request may run", DefaultValueFactory = _ => 300 };
        var maxTokens = new Option<int>("--max-tokens-limit") { Description = "Largest max_tokens a request may ask for", DefaultValueFactory = _ => 4096 };
        var threads = RunOptions.Threads();
        var context = ContextOption.Create();
        var command = new Command("serve",
            $"Serve a model over an OpenAI-compatible API (/v1/chat/completions, /v1/completions, /v1/models), with /health{(metrics ? ", Prometheus /metrics" : "")} and a chat page at /.\n" +
            (tasks ? "A task run folder (wren task train) serves its model with its task held on every answer that asks for no response_format: a classifier answers one of its labels, an extract model a JSON object valid against its schema.\n" : "") +
            $"Example: {host.Tool} serve --model out/model --port 8080 --parallel 4" +
            (tasks ? $"\nExample: {host.Tool} serve --model runs/fields" : ""));
        foreach (Option o in new Option[] { model, port, listen, apiKey }) command.Options.Add(o);
        if (metrics) command.Options.Add(openMetrics);
        foreach (Option o in new Option[] { parallel, maxQueue, timeout, maxTokens, threads, context }) command.Options.Add(o);
        VerbAction.Set(command, host, async (parse, ct) =>
        {
            string modelPath = await host.LocalModel(parse.GetValue(model)!, ct).ConfigureAwait(false);
            var task = host.FindServedTask?.Invoke(modelPath);
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
                Host = parse.GetValue(listen)!,
                Port = parse.GetValue(port),
                ApiKey = parse.GetValue(apiKey) ?? Environment.GetEnvironmentVariable("WREN_API_KEY"),
                OpenMetrics = metrics && parse.GetValue(openMetrics),
                Metrics = host.ServerMetrics,
                RequestTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                MaxTokensLimit = parse.GetValue(maxTokens),
                DefaultConstraint = task?.Constraint(wren),
            };
            await using var server = await WrenServer.StartAsync(scheduler, options, ct).ConfigureAwait(false);
            if (task is not null) host.ErrorLine(task.Description);
            host.ErrorLine($"serving {wren.Name} at {server.Address} (chat page at /, API at /v1, {scheduler.Parallel} parallel, {ContextOption.Describe(wren, scheduler.MaxContext)}; Ctrl+C stops)");
            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            return VerbAction.Ok;
        });
        return command;
    }
}
