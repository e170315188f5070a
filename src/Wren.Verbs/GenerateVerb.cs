using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;

namespace Wren.Verbs;

/// <summary><c>generate</c> of <c>wren</c> and <c>wren-run</c>: continue a raw prompt, streaming the text (or <c>--json</c>); timings on stderr.</summary>
public static class GenerateVerb
{
    public static Command Create(VerbHost host)
    {
        var model = RunOptions.Model(host, "Model folder (config.json, model.safetensors, tokenizer.json) or a llama.cpp .gguf file");
        var prompt = new Option<string>("--prompt", "-p") { Description = "Text to continue (encoded as is, with the tokenizer's special tokens)", Required = true };
        var maxTokens = RunOptions.MaxTokens("Most tokens to generate", 128);
        var temperature = RunOptions.Temperature(0.8f);
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling: keep the most likely tokens whose probability sums to this", DefaultValueFactory = _ => 0.95f };
        var seed = new Option<int?>("--seed") { Description = "Seed of the draw, for repeatable output" };
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely token (same as --temperature 0)" };
        var json = new Option<bool>("--json") { Description = "Print {\"ids\": [...], \"text\": \"...\"} of the generated part instead of streaming text" };
        var threads = RunOptions.Threads();
        var jsonSchema = new Option<FileInfo?>("--json-schema")
        {
            Description = "Constrain the output to compact JSON that validates against this JSON Schema file (objects, arrays, enums, string lengths and patterns, number bounds, $defs/$ref); every token is masked to keep it valid and to finish within --max-tokens",
        };
        var context = ContextOption.Create();
        var command = new Command("generate",
            "Generate text from a raw prompt with a local model. The continuation streams to stdout; time to first token, prefill and decode tokens/s go to stderr.\n" +
            $"Example: {host.Tool} generate --model out/model --prompt \"Once upon a time\" --max-tokens 64 --seed 1\n" +
            $"Structured: {host.Tool} generate --model out/model --prompt \"Ticket: refund please. JSON:\" --json-schema ticket.schema.json");
        foreach (Option o in new Option[] { model, prompt, maxTokens, temperature, topP, seed, greedy, json, threads, context, jsonSchema }) command.Options.Add(o);
        VerbAction.Set(command, host, async (parse, ct) =>
        {
            using var wren = WrenModel.Load(await host.LocalModel(parse.GetValue(model)!, ct).ConfigureAwait(false));
            var constraint = JsonSchemaFile.Load(parse.GetValue(jsonSchema)?.FullName, wren);
            bool asJson = parse.GetValue(json);
            var sampling = new SamplingOptions
            {
                Temperature = parse.GetValue(greedy) ? 0 : parse.GetValue(temperature),
                TopP = parse.GetValue(topP),
                Seed = parse.GetValue(seed),
            };
            string text = parse.GetValue(prompt)!;
            if (parse.GetValue(context) is { } asked) host.ErrorLine(ContextOption.Describe(wren, asked));
            var scheduling = new GenerationSchedulerOptions { MaxQueue = 0, Threads = parse.GetValue(threads), MaxContext = parse.GetValue(context) };
            var result = await PromptContinuation.GenerateAsync(wren, text, wren.Tokenizer.Encode(text, addSpecialTokens: true), parse.GetValue(maxTokens), sampling, scheduling,
                asJson ? null : host.Write, ct, constraint).ConfigureAwait(false);
            host.WriteLine(asJson ? Json(result) : "");
            var summary = result.Summary;
            host.ErrorLine(
                $"{summary.PromptTokens} prompt tokens, {summary.CompletionTokens} generated ({summary.FinishReason.ToString().ToLowerInvariant()}); " +
                $"time to first token {summary.TimeToFirstToken.TotalMilliseconds:F0} ms; prefill {summary.PrefillTokensPerSecond:F1} tok/s; decode {summary.DecodeTokensPerSecond:F1} tok/s");
            if (constraint is not null && !JsonSchemaFile.IsComplete(result.Text))
            {
                host.ErrorLine($"the output was cut at --max-tokens {parse.GetValue(maxTokens)} before the JSON was complete; allow more tokens");
                return VerbAction.UserError;
            }
            return VerbAction.Ok;
        });
        return command;
    }

    /// <summary>
    /// <c>{"ids": [...], "text": "..."}</c>, written by hand with <see cref="Utf8JsonWriter"/> (no reflection: wren-run is
    /// trimmed), relaxed escaping so the text stays readable.
    /// </summary>
    private static string Json(GeneratedText result)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("ids");
            foreach (int id in result.Ids) w.WriteNumberValue(id);
            w.WriteEndArray();
            w.WriteString("text", result.Text);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
