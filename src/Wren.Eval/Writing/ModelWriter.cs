using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;

namespace Wren.Eval.Writing;

/// <summary>
/// A loaded model as a <see cref="WritingSystem"/>: the input as the user's message through the model's chat
/// template (the prompt it was fine-tuned on; a model without a template gets the input and a newline), greedy
/// decoding on one thread, and for extract tasks the output held to the task's JSON Schema by constrained decoding,
/// so every answer parses and validates whatever the weights.
/// </summary>
public sealed class ModelWriter
{
    private readonly WrenModel _model;
    private readonly TokenConstraint? _constraint;
    private readonly int _maxTokens;
    private readonly int _threads;

    public ModelWriter(WrenModel model, string? schemaJson, int maxTokens, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _maxTokens = Math.Max(1, maxTokens);
        _threads = Math.Max(1, threads);
        _constraint = schemaJson is null ? null : TokenConstraint.ForJsonSchema(schemaJson, model.Tokenizer, model.Model.Config.VocabSize);
    }

    public async Task<string> WriteAsync(string input, CancellationToken cancellationToken)
    {
        var ids = _model.Template is not null
            ? _model.EncodeChat([new TemplateMessage("user", input)])
            : _model.Tokenizer.Encode(input + "\n", addSpecialTokens: true);
        // Leave room for the answer inside the model's context: keep the prompt's end, where the question is.
        int room = Math.Max(1, _model.MaxContext - _maxTokens);
        if (ids.Length > room) ids = ids[^room..];
        var generated = await PromptContinuation.GenerateAsync(_model, input, ids, _maxTokens, SamplingOptions.Greedy,
            new GenerationSchedulerOptions { Parallel = 1, MaxQueue = 0, Threads = _threads }, null, cancellationToken, _constraint).ConfigureAwait(false);
        return generated.Text.Trim();
    }
}
