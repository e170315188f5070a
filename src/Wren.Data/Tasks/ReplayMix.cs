using Wren.Data.Documents;
using Wren.Data.Teacher;

namespace Wren.Data.Tasks;

/// <summary>
/// Replays general text into fine-tuning data against forgetting (as continual-pretraining and SFT recipes mix a
/// share of pretraining data back in): chunks of curated documents become conversations whose user turn is the
/// chunk's opening and whose assistant turn continues it, so the model keeps being trained on plain language
/// modelling inside its chat template. The replayed share of the mix is <c>fraction</c>; chunks are drawn by a
/// seeded shuffle, so a rerun mixes the same text.
/// </summary>
public static class ReplayMix
{
    /// <summary>Characters of a chunk that open it as the user's turn; the rest is the assistant's.</summary>
    public const int PromptChars = 200;

    /// <returns>The replay conversations: <c>round(fraction / (1 - fraction) x taskExamples)</c> of them, or fewer when the text runs out.</returns>
    public static List<(string User, string Assistant)> Draw(string generalText, int taskExamples, double fraction, ulong seed, int chunkChars = 2000)
    {
        if (fraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "the replayed share must be in [0, 1)");
        int wanted = (int)Math.Round(fraction / (1 - fraction) * taskExamples);
        if (wanted == 0) return [];
        var chunks = new List<string>();
        foreach (var document in DocumentShardReader.Read(generalText))
            chunks.AddRange(DocumentChunker.Chunk(document.Text, chunkChars, PromptChars * 2));

        var random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(chunks));
        var replay = new List<(string, string)>(Math.Min(wanted, chunks.Count));
        foreach (string chunk in chunks.Take(wanted))
        {
            int cut = chunk.LastIndexOf(' ', PromptChars);
            if (cut <= 0) cut = PromptChars;
            replay.Add((chunk[..cut].TrimEnd(), chunk[cut..].TrimStart()));
        }

        return replay;
    }
}
