using System.Text.Json;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime.Diagnostics;
using Wren.Runtime.Generation;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Stages;

/// <summary>Continues a few prompts with the trained model and keeps them in DIR/sample/generations.json.</summary>
internal sealed class SampleBuildStage : IBuildStage
{
    public string Name => BuildStages.Sample;

    public string Description => "generate sample text with the model";

    public IReadOnlyList<string> Upstream => [BuildStages.Curate, BuildStages.Train];

    public string RecipeSection(BuildContext context) =>
        BuildRecipeYaml.Canonical(new { sample = context.Recipe.Sample, val_fraction = context.Recipe.Tokens.ValFraction });

    public IReadOnlyList<string> InputFiles(BuildContext context) => [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.PathOf(Name, SampleGenerations.FileName)];

    public async Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var section = context.Recipe.Sample;
        List<string> prompts = section.Prompts.Count > 0
            ? section.Prompts
            : HeldOutDocuments.Read(context.PathOf(BuildStages.Curate, CurateBuildStage.CuratedFolder), context.Recipe.Tokens.ValFraction)
                .Select(d => HeldOutDocuments.Opening(d.Text, 8))
                // Prose makes a better prompt than a quoted mail line or a table row.
                .Where(p => p.Length > 0 && char.IsLetter(p[0]))
                .Take(2).ToList();
        if (prompts.Count == 0) prompts = ["The"];
        using var model = WrenModel.Load(context.PathOf(BuildStages.Train, TrainingLoop.ModelFolderName));
        var generated = new List<GeneratedText>();
        for (int i = 0; i < prompts.Count; i++)
        {
            var sampling = new SamplingOptions { Temperature = section.Temperature, TopP = 0.95f, Seed = section.Seed + i };
            generated.Add(await PromptContinuation.GenerateAsync(model, prompts[i], section.MaxTokens, sampling, context.Threads, null, cancellationToken).ConfigureAwait(false));
        }
        Directory.CreateDirectory(context.StageDirectory(Name));
        AtomicFile.Write(context.PathOf(Name, SampleGenerations.FileName), stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            w.WriteStartArray();
            foreach (var g in generated)
            {
                w.WriteStartObject();
                w.WriteString("prompt", g.Prompt);
                w.WriteString("text", g.Text);
                w.WriteNumber("tokens", g.Ids.Count);
                w.WriteNumber("decode_tokens_per_second", Math.Round(g.Summary.DecodeTokensPerSecond, 1));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
        foreach (var g in generated) context.Observer.Reported(new SampleGenerated(g));
        return new StageOutcome(
            [Path.Combine(Name, SampleGenerations.FileName)],
            new Dictionary<string, double>
            {
                ["generations"] = generated.Count,
                ["generated_tokens"] = generated.Sum(g => g.Ids.Count),
                ["decode_tokens_per_second"] = generated.Average(g => g.Summary.DecodeTokensPerSecond),
            });
    }
}
