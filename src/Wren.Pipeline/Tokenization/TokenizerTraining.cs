using System.Diagnostics;
using Wren.Data.Documents;
using Wren.Runtime.Diagnostics;
using Wren.Training.Tokenization;

namespace Wren.Pipeline.Tokenization;

/// <summary>
/// Trains a byte-level BPE tokenizer on a corpus and writes it in the Hugging Face layout; shared by
/// <c>wren tokenizer train</c> and <c>wren build</c>. Wren's chat tokens are always special tokens, so
/// every model it trains can take the ChatML template.
/// </summary>
public static class TokenizerTraining
{
    public static readonly IReadOnlyList<string> WrenSpecialTokens = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

    public static TokenizerTrainingResult Run(TokenizerTrainingOptions options, IProgressSink progress, CancellationToken cancellationToken)
    {
        var texts = new CorpusTexts(options.Corpus);
        var specials = new List<string>(WrenSpecialTokens);
        foreach (string s in options.ExtraSpecialTokens)
        {
            if (!specials.Contains(s)) specials.Add(s);
        }
        var clock = Stopwatch.StartNew();
        var trainer = new BpeTrainer(new BpeTrainerOptions
        {
            VocabSize = options.VocabSize,
            MinFrequency = options.MinFrequency,
            SpecialTokens = specials,
            Regex = options.Regex,
        });
        using (var count = progress.Begin("count words", null, "chars"))
        {
            trainer.Count(texts.TrainingTexts(), count, cancellationToken);
        }
        TrainedBpe trained = trainer.Train(progress, cancellationToken);
        HfTokenizerWriter.Write(trained, options.OutputDirectory, options.ModelMaxLength);
        return new TokenizerTrainingResult
        {
            Trained = trained,
            TokenizerJson = Path.Combine(options.OutputDirectory, "tokenizer.json"),
            CorpusFiles = texts.Files.Count,
            DistinctWords = trainer.DistinctWords,
            Skipped = texts.Skipped,
            FirstProblem = texts.FirstProblem,
            Elapsed = clock.Elapsed,
        };
    }
}
