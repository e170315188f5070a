namespace Wren.Data.Documents;

/// <summary>How <see cref="JsonlShardWriter"/> lays out the zstd frames of a shard.</summary>
public enum ZstdFraming
{
    /// <summary>
    /// One frame per shard: for shards other tools read. Python's <c>zstandard</c> <c>stream_reader</c>, for one,
    /// stops after the first frame unless asked to read across frames.
    /// </summary>
    SingleFrame,

    /// <summary>
    /// One frame per buffered chunk (about <see cref="JsonlShardWriter.DefaultChunkBytes"/> of JSON lines, whole lines
    /// only), each compressed in one call: for intermediate shards only Wren reads back. Concatenated frames are valid
    /// zstd (the <c>zstd</c> CLI and Wren's <see cref="JsonlReader"/> read them all), and a frame compressed in one call
    /// takes zstd's faster contiguous-input path, where a streamed frame past the first window takes its slower
    /// ring-buffer ("extDict") path.
    /// </summary>
    IndependentFrames,
}
