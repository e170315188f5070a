using Wren.Data.Curation.Dedup;

namespace Wren.Data.Teacher;

/// <summary>What <see cref="TeacherDataBuilder"/> makes, from what, and what it keeps.</summary>
public sealed record TeacherDataOptions
{
    public required TeacherTaskKind Kind { get; init; }

    /// <summary>
    /// Curated documents (a shard file or a folder of <c>*.jsonl[.zst|.gz]</c>, as <c>wren curate</c> writes them); for
    /// <see cref="TeacherTaskKind.Label"/>, a JSONL of records with an <c>input</c> (or <c>text</c>) field.
    /// </summary>
    public required string Source { get; init; }

    public string Name { get; init; } = "teacher";

    /// <summary>The label set, for <see cref="TeacherTaskKind.Label"/>.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Examples asked for per chunk.</summary>
    public int PerChunk { get; init; } = 3;

    public int ChunkChars { get; init; } = 2000;

    public int MinChunkChars { get; init; } = 200;

    /// <summary>At most this many chunks (or records) are sent to the teacher, to bound the spend; null for all.</summary>
    public int? MaxChunks { get; init; }

    /// <summary>Whether the judge scores each example; examples below <see cref="MinScore"/> are dropped.</summary>
    public bool Judge { get; init; } = true;

    public int MinScore { get; init; } = 4;

    /// <summary>Near-duplicate detection over input + output; null leaves near-duplicates in.</summary>
    public MinHashOptions? Dedup { get; init; } = new();

    /// <summary>Word n-gram length for decontaminating train and validation against the test split (13, as GPT-3's paper).</summary>
    public int DecontaminationNGram { get; init; } = 13;

    public ulong Seed { get; init; } = 1;

    public double ValidationFraction { get; init; } = 0.1;

    public double TestFraction { get; init; } = 0.1;
}
