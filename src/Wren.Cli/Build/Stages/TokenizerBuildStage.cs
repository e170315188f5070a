using Wren.Cli.Build.Recipe;
using Wren.Cli.Commands;
using Wren.Cli.Terminal;
using Wren.Cli.Tokenization;
using Wren.Runtime;
using Wren.Training.Tokenization;

namespace Wren.Cli.Build.Stages;

/// <summary>The curated text to a byte-level BPE tokenizer in DIR/tokenizer/ (the layout of <c>wren tokenizer train</c>).</summary>
internal sealed class TokenizerBuildStage : IBuildStage
{
    public string Name => BuildStages.Tokenizer;

    public string Description => "train a byte-level BPE tokenizer";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate];

    public string RecipeSection(BuildContext context) => BuildRecipeYaml.Canonical(context.Recipe.Tokenizer);

    public IReadOnlyList<string> InputFiles(BuildContext context) => [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) =>
        [context.PathOf(Name, "tokenizer.json"), context.PathOf(Name, "tokenizer_config.json")];

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var section = context.Recipe.Tokenizer;
        var options = new TokenizerTrainingOptions
        {
            Corpus = [context.PathOf(BuildStages.Curate, CurateBuildStage.CuratedFolder)],
            OutputDirectory = context.StageDirectory(Name),
            VocabSize = section.VocabSize,
            MinFrequency = section.MinFrequency,
            Regex = section.Regex switch
            {
                "gpt2" => PreTokenizerRegex.Gpt2,
                "llama3" => PreTokenizerRegex.Llama3,
                _ => throw new WrenException($"recipe tokenizer.regex '{section.Regex}' is not gpt2 or llama3"),
            },
        };
        TokenizerTrainingResult result;
        using (var progress = new SpectreProgressSink(context.Console))
        {
            result = TokenizerTraining.Run(options, progress, cancellationToken);
        }
        context.Console.Write(TokenizerCommand.SummaryTable(result, options));
        return Task.FromResult(new StageOutcome(
            [Path.Combine(Name, "tokenizer.json"), Path.Combine(Name, "tokenizer_config.json")],
            new Dictionary<string, double>
            {
                ["vocabulary"] = result.Trained.Tokens.Count,
                ["merges"] = result.Trained.Merges.Count,
                ["distinct_words"] = result.DistinctWords,
            }));
    }
}
