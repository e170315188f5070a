using Wren.Pipeline.Build;

namespace Wren.Cli.Tests.Build;

/// <summary>
/// One <c>wren build</c> of a small cut of samples/acme (the notes export and five documents, one per format)
/// with the tiny preset and a few training steps, and the sample's route-mail task on a few seconds' budget, shared
/// by the tests that read its outputs.
/// </summary>
public sealed class SampleBuildFixture : IDisposable
{
    private const string GeneralRecipe = """
        tokenizer:
          vocab_size: 512
        tokens:
          val_fraction: 0.2
        model:
          preset: tiny
        training:
          minutes: 0
          steps: 8
          batch: 4
          seq: 64
          eval_every: 4
        eval:
          limit: 8
          cloze_items: 8
        export:
          types: [q8_0]
        sample:
          max_tokens: 12
          prompts: ["Fellow citizens of the Senate"]
        """;

    /// <summary>The general stages' recipe and one task over the whole sample's mail, trained for six seconds.</summary>
    public static string Recipe { get; } = GeneralRecipe + "\n" + $$"""
        tasks:
          - name: route-mail
            from: mail-headers
            sources: ['{{Path.Combine(BundledSample.TryFind(AppContext.BaseDirectory) ?? "samples/acme", "mail")}}']
            label_header: List-Id
            rare: drop
            test: 0.25
            minutes: 0.1
            learning_curve: false
        """;

    public SampleBuildFixture()
    {
        Directory.CreateDirectory(Root);
        string sample = BundledSample.TryFind(AppContext.BaseDirectory) ?? throw new InvalidOperationException("samples/acme not found above the test assembly");
        Directory.CreateDirectory(Source);
        File.Copy(Path.Combine(sample, "records", "notes.jsonl"), Path.Combine(Source, "notes.jsonl"));
        foreach (string doc in new[] { "1790-george-washington.txt", "1796-george-washington.docx", "1799-john-adams.html", "1800-john-adams.md", "1932-herbert-hoover.pdf" })
        {
            File.Copy(Path.Combine(sample, "docs", doc), Path.Combine(Source, doc));
        }
        File.WriteAllText(RecipePath, Recipe);
        var run = WrenCli.Capture("build", Source, "--out", Output, "--recipe", RecipePath, "--threads", "2").GetAwaiter().GetResult();
        ExitCode = run.ExitCode;
        Console = run.Out;
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "wren-build-" + Guid.NewGuid().ToString("N")[..8]);

    public string Source => Path.Combine(Root, "data");

    public string Output => Path.Combine(Root, "out");

    public string RecipePath => Path.Combine(Root, "wren.yaml");

    public int ExitCode { get; }

    /// <summary>What the build printed on stdout, as a user would see it (a console that is not a terminal).</summary>
    public string Console { get; } = "";

    internal BuildState State => BuildState.TryRead(Output) ?? throw new InvalidOperationException("no build.json");

    /// <summary>A copy of the finished build, for tests that change it.</summary>
    public string CopyOutput()
    {
        string copy = Path.Combine(Root, "copy-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (string file in Directory.EnumerateFiles(Output, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(Output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
