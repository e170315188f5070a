using Wren.Eval.Planning;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Training.Handoff;

namespace Wren.Pipeline.Planning;

/// <summary>
/// The price of a GPU fine-tune of a base model on a task's conversations: the shape from the base's config.json,
/// the tokens counted with its chat template and tokenizer (each conversation cut to the sequence length, as the GPU
/// run cuts it), then <see cref="FineTunePlanner"/>.
/// </summary>
public static class FineTuneCost
{
    public sealed record Result(FineTuneEstimate Estimate, int Examples, long TrainedTokens);

    public static Result Estimate(string baseModel, string chatJsonl, FineTunePlan plan, int sequenceLength)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var config = LlamaConfigJson.Load(Path.GetFullPath(baseModel));
        var (examples, tokens, trained) = FineTuneHandoff.Count(baseModel, chatJsonl, sequenceLength);
        var shape = ModelShape.Create(config.ParameterCount, config.NumHiddenLayers, config.HiddenSize, config.VocabSize,
            Math.Min(sequenceLength, config.MaxPositionEmbeddings), config.NumAttentionHeads, config.NumKeyValueHeads);
        return new Result(FineTunePlanner.Estimate(plan with { Model = shape, Tokens = tokens }), examples, trained);
    }
}
