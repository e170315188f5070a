using Wren.Pipeline.Build.Stages;
using Wren.Runtime;

namespace Wren.Pipeline.Build;

/// <summary>The stages of <c>wren build</c>, in the order they run.</summary>
public static class BuildStages
{
    public const string Ingest = "ingest";
    public const string Curate = "curate";
    public const string Tokenizer = "tokenizer";
    public const string Tokens = "tokens";
    public const string Train = "train";
    public const string Eval = "eval";
    public const string Export = "export";
    public const string Sample = "sample";
    public const string Tasks = "tasks";

    public static IReadOnlyList<string> Names => [Ingest, Curate, Tokenizer, Tokens, Train, Eval, Export, Sample, Tasks];

    internal static IReadOnlyList<IBuildStage> All() =>
    [
        new IngestBuildStage(),
        new CurateBuildStage(),
        new TokenizerBuildStage(),
        new TokensBuildStage(),
        new TrainBuildStage(),
        new EvalBuildStage(),
        new ExportBuildStage(),
        new SampleBuildStage(),
        new TasksBuildStage(),
    ];

    /// <summary>The index of a stage named on the command line (--from).</summary>
    public static int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        throw new WrenException($"--from '{name}' is not a stage (stages: {string.Join(", ", Names)})");
    }
}
