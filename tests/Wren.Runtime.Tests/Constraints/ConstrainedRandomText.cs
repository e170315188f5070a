using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;
using Wren.Runtime.Tokenization;

namespace Wren.Runtime.Tests.Constraints;

/// <summary>Drives a matcher with random logits (the weakest possible model) and checks outputs with an independent validator.</summary>
internal static class ConstrainedRandomText
{
    public static BpeTokenizer Tokenizer { get; } = BpeTokenizer.Load(Path.Combine(HfReference.Folder("tiny-llama"), "tokenizer.json"));

    /// <summary>The tiny model's end-of-text token.</summary>
    public static int[] Stops { get; } = [0];

    /// <summary>Random logits (a fixed seed), temperature 1: every allowed token has a fair chance, so rare paths get taken.</summary>
    public static (string Text, bool Complete, int Tokens) Generate(TokenConstraint constraint, int seed, int maxTokens, float spread = 4f)
    {
        var matcher = constraint.CreateMatcher(Stops);
        var sampler = new TokenSampler(constraint.VocabSize, new SamplingOptions { Temperature = 1f, Seed = seed });
        var random = new Random(seed);
        var logits = new float[constraint.VocabSize];
        var ids = new List<int>();
        for (int step = 0; step < maxTokens; step++)
        {
            for (int i = 0; i < logits.Length; i++) logits[i] = (float)(random.NextDouble() * spread);
            int token = matcher.Sample(sampler, logits, maxTokens - step);
            if (Array.IndexOf(Stops, token) >= 0) break;
            ids.Add(token);
            if (matcher.IsComplete && !matcher.CanContinue) break;
        }
        return (Tokenizer.Decode([.. ids], skipSpecialTokens: true), matcher.IsComplete, ids.Count);
    }
}
