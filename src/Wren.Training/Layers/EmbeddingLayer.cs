namespace Wren.Training.Layers;

/// <summary>Token embedding lookup and its gradient (a scatter-add of each position's gradient into its token's row).</summary>
public static class EmbeddingLayer
{
    /// <summary>Shapes: ids [M], table [V, C], output [M, C].</summary>
    public static void Forward(ReadOnlySpan<int> ids, ReadOnlySpan<float> table, int channels, Span<float> output)
    {
        int vocab = table.Length / channels;
        for (int m = 0; m < ids.Length; m++)
        {
            int id = ids[m];
            if ((uint)id >= (uint)vocab) throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} at position {m} is outside the vocabulary [0, {vocab})");
            table.Slice(id * channels, channels).CopyTo(output.Slice(m * channels, channels));
        }
    }

    /// <summary>dtable[ids[m]] += doutput[m], positions in order (deterministic). Shapes as <see cref="Forward"/>.</summary>
    public static void Backward(ReadOnlySpan<int> ids, ReadOnlySpan<float> doutput, int channels, Span<float> dtable)
    {
        for (int m = 0; m < ids.Length; m++)
        {
            var src = doutput.Slice(m * channels, channels);
            var dst = dtable.Slice(ids[m] * channels, channels);
            for (int j = 0; j < channels; j++) dst[j] += src[j];
        }
    }
}
