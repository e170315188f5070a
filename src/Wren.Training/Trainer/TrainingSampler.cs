using System.Text;
using System.Text.Json;
using Wren.Runtime.Generation;
using Wren.Runtime.Models;
using Wren.Runtime.Tokenization;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// Generates from a prompt with the weights a run has at a given step (through <see cref="InferenceSnapshot"/>, so no
/// checkpoint is written) and appends each sample to <c>RUN/samples.jsonl</c> as
/// <c>{"step", "prompt", "text", "tokens"}</c>. Greedy by default, so samples at different steps differ only because
/// the weights do.
/// </summary>
public sealed class TrainingSampler
{
    public const string FileName = "samples.jsonl";

    private readonly LlamaTrainingModel _model;
    private readonly BpeTokenizer _tokenizer;
    private readonly int[] _promptIds;

    /// <param name="prompt">What is shown in samples.jsonl.</param>
    /// <param name="promptIds">What the model is given (for chat models: the prompt rendered by the chat template).</param>
    public TrainingSampler(LlamaTrainingModel model, BpeTokenizer tokenizer, string prompt, int[] promptIds, string runFolder)
    {
        if (promptIds.Length == 0) throw new Wren.Runtime.WrenException("the sample prompt encodes to no tokens");
        _model = model;
        _tokenizer = tokenizer;
        _promptIds = promptIds;
        Prompt = prompt;
        OutputPath = Path.Combine(runFolder, FileName);
    }

    public string Prompt { get; }

    public string OutputPath { get; }

    public int MaxTokens { get; init; } = 64;

    /// <summary>Token ids that end a sample (the model's EOS, the chat template's end of turn).</summary>
    public IReadOnlyCollection<int> StopTokenIds { get; init; } = [];

    public SamplingOptions Sampling { get; init; } = SamplingOptions.Greedy;

    /// <summary>Whether a run sampling every <paramref name="every"/> steps samples after <paramref name="report"/>'s step: on each multiple, and at the last step.</summary>
    public static bool IsDue(StepReport report, int every) =>
        every > 0 && (report.Step % every == 0 || report.Step == report.TotalSteps);

    /// <summary>Generates with the current weights, appends the sample to samples.jsonl and returns it.</summary>
    public TrainingSample Sample(long step, CancellationToken cancellationToken = default)
    {
        int context = Math.Min(_model.Config.MaxPositionEmbeddings, _promptIds.Length + MaxTokens);
        int[] prompt = _promptIds.Length >= context ? _promptIds[^Math.Max(1, context - MaxTokens)..] : _promptIds;
        int maxTokens = Math.Max(0, Math.Min(MaxTokens, context - prompt.Length));
        IReadOnlyList<int> ids = [];
        if (maxTokens > 0)
        {
            // The run's current weights as an inference model, decoded on the runtime's one generation path.
            using var model = new WrenModel(InferenceSnapshot.Create(_model), _tokenizer, null, [.. StopTokenIds], "sample");
            var scheduling = new GenerationSchedulerOptions { MaxQueue = 0, Threads = _model.Pool.ThreadCount, MaxContext = context };
            ids = PromptContinuation.GenerateAsync(model, Prompt, prompt, maxTokens, Sampling, scheduling, null, cancellationToken).GetAwaiter().GetResult().Ids;
        }
        string text = _tokenizer.Decode(ids.ToArray());
        var sample = new TrainingSample(step, Prompt, text, ids.Count);
        Append(sample);
        return sample;
    }

    private void Append(TrainingSample sample)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("step", sample.Step);
            json.WriteString("prompt", sample.Prompt);
            json.WriteString("text", sample.Text);
            json.WriteNumber("tokens", sample.Tokens);
            json.WriteEndObject();
        }

        // One whole line per append: a crash leaves earlier samples intact.
        File.AppendAllText(OutputPath, Encoding.UTF8.GetString(stream.ToArray()) + "\n", new UTF8Encoding(false));
    }
}
