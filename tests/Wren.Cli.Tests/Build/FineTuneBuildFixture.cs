using Wren.Pipeline.Build;

namespace Wren.Cli.Tests.Build;

/// <summary>
/// One <c>wren build</c> that fine-tunes the tiny Llama fixture (tests/TestData/hf-reference/tiny-llama) with LoRA on a
/// small chat JSONL, over a four-document cut of samples/acme for ingest, curation, eval and sample.
/// </summary>
public sealed class FineTuneBuildFixture : IDisposable
{
    public static string BaseModel { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "hf-reference", "tiny-llama");

    public const string Chat = """
        {"messages": [{"role": "user", "content": "Who signs the expense reports?"}, {"role": "assistant", "content": "The team lead signs expense reports before finance pays them."}]}
        {"messages": [{"role": "system", "content": "You answer questions about Acme."}, {"role": "user", "content": "When is the quarterly review?"}, {"role": "assistant", "content": "The quarterly review is in the first week after the quarter closes."}]}
        {"prompt": "Where are the release notes?", "completion": "Release notes live in the docs folder of each project."}
        {"prompt": "How do I request leave?", "completion": "Send the request to your manager at least two weeks ahead."}
        {"messages": [{"role": "user", "content": "Who owns the build servers?"}, {"role": "assistant", "content": "The platform team owns and patches the build servers."}]}
        {"messages": [{"role": "user", "content": "What is the travel policy?"}, {"role": "assistant", "content": "Book economy fares and file receipts within thirty days."}]}
        """;

    // Document ids hash the source path, which holds a random temp folder, so the held-out split changes from
    // run to run: at 0.3 four documents were all kept for training about a quarter of the time, leaving eval
    // nothing to score. The fine-tune trains on the chat file, not on the tokens, so nearly all are held out.
    public static string Recipe(string chatFile) => $"""
        tokens:
          val_fraction: 0.9
        model:
          base_model: {BaseModel}
        finetune:
          data: [{chatFile}]
          method: lora
          lora_rank: 4
          lora_alpha: 8
          lora_targets: [q_proj, v_proj, down_proj]
          learning_rate: 0.01
        training:
          minutes: 0
          tokens: 0
          steps: 6
          batch: 2
          seq: 64
          eval_every: 3
        eval:
          tasks: [perplexity]
          limit: 4
        export:
          types: [q8_0]
        sample:
          max_tokens: 8
          prompts: ["Fellow citizens of the Senate"]
        """;

    /// <summary>
    /// A generate task from the sample's mail replies and an extract task from its tickets, each fine-tuned from the
    /// same tiny base for a few seconds: the build trains them, measures them beside the base model and serves nothing
    /// itself (the task tests serve a run).
    /// </summary>
    public static string WritingTasks(string sample) => $$"""
        tasks:
          - name: replies
            kind: generate
            from: mail-replies
            sources: [{{Path.Combine(sample, "mail")}}]
            base_model: {{BaseModel}}
            minutes: 0.05
          - name: ticket-fields
            kind: extract
            from: records
            sources: [{{Path.Combine(sample, "records", "tickets.csv")}}]
            input: "{subject}\n\n{body}"
            fields: [customer]
            test: 0.1
            base_model: {{BaseModel}}
            minutes: 0.05
        """;

    public FineTuneBuildFixture()
    {
        Directory.CreateDirectory(Source);
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        foreach (string doc in new[] { "1800-john-adams.md", "1801-thomas-jefferson.txt", "1882-chester-a-arthur.md", "1916-woodrow-wilson.txt" })
        {
            File.Copy(Path.Combine(sample, "docs", doc), Path.Combine(Source, doc));
        }
        File.WriteAllText(ChatPath, Chat + "\n");
        File.WriteAllText(RecipePath, Recipe("chat.jsonl") + "\n" + WritingTasks(sample));
        ExitCode = WrenCli.Run(["build", Source, "--out", Output, "--recipe", RecipePath, "--threads", "2"]).GetAwaiter().GetResult();
        FirstRun = BuildState.TryRead(Output);
    }

    /// <summary>build.json as the first build left it (a test re-runs the build later).</summary>
    internal BuildState? FirstRun { get; }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wren-buildft-" + Guid.NewGuid().ToString("N")[..8]);

    public string Source => Path.Combine(Root, "data");

    public string Output => Path.Combine(Root, "out");

    public string RecipePath => Path.Combine(Root, "wren.yaml");

    public string ChatPath => Path.Combine(Root, "chat.jsonl");

    public int ExitCode { get; }

    internal BuildState State => BuildState.TryRead(Output) ?? throw new InvalidOperationException("no build.json");

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
