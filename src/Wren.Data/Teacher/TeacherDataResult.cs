using Wren.Data.Tasks;

namespace Wren.Data.Teacher;

/// <summary>The teacher's examples by split, what was left out and why, and what it cost.</summary>
public sealed record TeacherDataResult
{
    public required TaskDefinition Definition { get; init; }

    public required IReadOnlyList<TeacherExample> Train { get; init; }

    public required IReadOnlyList<TeacherExample> Validation { get; init; }

    public required IReadOnlyList<TeacherExample> Test { get; init; }

    /// <summary>Chunks (or records) sent to the teacher.</summary>
    public int Chunks { get; init; }

    /// <summary>Examples the teacher wrote, before any was dropped.</summary>
    public int Generated { get; init; }

    /// <summary>What was dropped and how many: unparsable answers, low scores, near-duplicates, test overlap.</summary>
    public required IReadOnlyDictionary<string, int> Dropped { get; init; }

    /// <summary>How many examples got each judge score (1–5).</summary>
    public required IReadOnlyDictionary<int, int> Scores { get; init; }

    public required TeacherSpend Spend { get; init; }
}
