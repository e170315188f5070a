using Wren.Data.Documents;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;
using Wren.Runtime.Tokenization;
using Wren.Training.Data;

namespace Wren.Pipeline.Build.Stages;

/// <summary>Curated documents to llm.c token shards in DIR/tokens/ (the layout of <c>wren tokenize</c>).</summary>
internal sealed class TokensBuildStage : IBuildStage
{
    public string Name => BuildStages.Tokens;

    public string Description => "encode the corpus into token shards";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate, BuildStages.Tokenizer];

    public string RecipeSection(BuildContext context) => BuildRecipeYaml.Canonical(context.Recipe.Tokens);

    public IReadOnlyList<string> InputFiles(BuildContext context) => [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.StageDirectory(Name)];

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var corpus = new CorpusTexts([context.PathOf(BuildStages.Curate, CurateBuildStage.CuratedFolder)]);
        var tokenizer = BpeTokenizer.Load(context.StageDirectory(BuildStages.Tokenizer));
        var options = new CorpusTokenizeOptions
        {
            OutputDirectory = context.StageDirectory(Name),
            ValidationFraction = context.Recipe.Tokens.ValFraction,
        };
        CorpusTokenizeResult result;
        using (var progress = context.Observer.BeginProgress())
        using (var task = progress.Begin("tokenize", null, "docs"))
        {
            result = CorpusTokenizer.Run(corpus.Documents(), tokenizer, options, task, cancellationToken);
        }
        context.Observer.Reported(new TokensWritten(result));
        // A fine-tuning build trains on its chat data, so shards of the documents are a figure there, not a requirement.
        if (result.TrainTokens == 0 && !BaseModelInputs.IsFineTune(context.Recipe))
        {
            throw new WrenException("tokens: the curated corpus has no training tokens");
        }
        return Task.FromResult(new StageOutcome(
            result.Files.Select(f => Path.GetRelativePath(context.OutputDirectory, f)).ToList(),
            new Dictionary<string, double>
            {
                ["train_tokens"] = result.TrainTokens,
                ["train_documents"] = result.TrainDocuments,
                ["validation_tokens"] = result.ValidationTokens,
                ["validation_documents"] = result.ValidationDocuments,
            }));
    }
}
