namespace Wren.Training.Data;

/// <summary>
/// The 1 KiB header of an llm.c token shard: 256 little-endian int32, of which [0] is the magic
/// 20240520, [1] the version (1: uint16 tokens, 2: uint32 tokens for vocabularies over 65,536) and
/// [2] the number of tokens that follow.
/// </summary>
public readonly record struct TokenShardHeader(int Version, long TokenCount)
{
    public const int Magic = 20240520;
    public const int HeaderInts = 256;
    public const int HeaderBytes = HeaderInts * sizeof(int);

    /// <summary>Bytes per token for this version.</summary>
    public int TokenBytes => Version == 1 ? 2 : 4;

    public static int VersionFor(int vocabularySize) => vocabularySize <= 65536 ? 1 : 2;
}
