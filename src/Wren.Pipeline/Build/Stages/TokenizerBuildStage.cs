using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Tokenization;
using Wren.Runtime;
using Wren.Training.Tokenization;

namespace Wren.Pipeline.Build.Stages;

/// <summary>The curated text to a byte-level BPE tokenizer in DIR/tokenizer/ (the layout of <c>wren tokenizer train</c>).</summary>
internal sealed class TokenizerBuildStage : IBuildStage
{
    public string Name => BuildStages.Tokenizer;

    public string Description => "train a byte-level BPE tokenizer (or take the base model's)";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate];

    public string RecipeSection(BuildContext context) => BaseModelInputs.IsFineTune(context.Recipe)
        ? BuildRecipeYaml.Canonical(new { base_model = context.Recipe.Model.BaseModel })
        : BuildRecipeYaml.Canonical(context.Recipe.Tokenizer);

    public IReadOnlyList<string> InputFiles(BuildContext context) => BaseModelInputs.IsFineTune(context.Recipe)
        ? BaseModelInputs.TokenizerSources(context.Recipe, context.RecipeDirectory)
        : [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) =>
        [context.PathOf(Name, "tokenizer.json"), context.PathOf(Name, "tokenizer_config.json")];

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        if (BaseModelInputs.IsFineTune(context.Recipe)) return Task.FromResult(CopyBaseTokenizer(context));
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
        using (var progress = context.Observer.BeginProgress())
        {
            result = TokenizerTraining.Run(options, progress, cancellationToken);
        }
        context.Observer.Reported(new TokenizerTrained(result, options));
        return Task.FromResult(new StageOutcome(
            [Path.Combine(Name, "tokenizer.json"), Path.Combine(Name, "tokenizer_config.json")],
            new Dictionary<string, double>
            {
                ["vocabulary"] = result.Trained.Tokens.Count,
                ["merges"] = result.Trained.Merges.Count,
                ["distinct_words"] = result.DistinctWords,
            }));
    }

    /// <summary>A fine-tuned model keeps its base model's vocabulary, so the build takes that tokenizer instead of training one.</summary>
    private StageOutcome CopyBaseTokenizer(BuildContext context)
    {
        var outputs = new List<string>();
        foreach (string source in BaseModelInputs.TokenizerSources(context.Recipe, context.RecipeDirectory))
        {
            string name = Path.GetFileName(source);
            File.Copy(source, context.PathOf(Name, name), overwrite: true);
            outputs.Add(Path.Combine(Name, name));
        }
        var tokenizer = Wren.Runtime.Tokenization.BpeTokenizer.Load(context.StageDirectory(Name));
        context.Observer.Reported(new BaseTokenizerCopied(tokenizer.VocabularySize, BaseModelInputs.Folder(context.Recipe, context.RecipeDirectory)));
        return new StageOutcome(outputs, new Dictionary<string, double> { ["vocabulary"] = tokenizer.VocabularySize });
    }
}
