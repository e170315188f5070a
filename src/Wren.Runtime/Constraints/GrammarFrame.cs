namespace Wren.Runtime.Constraints;

/// <summary>
/// One entry of a matcher's return stack: where to continue when the value being read ends. Immutable, so a
/// walk over the vocabulary can branch from a state without copying the stack. <see cref="Distance"/> caches the
/// bytes the stack needs at least to close (its states' distances summed).
/// </summary>
internal sealed class GrammarFrame(int state, GrammarFrame? next, int distance)
{
    /// <summary>Stands for "the stack below is not known": a per-state walk stops where it would pop into it.</summary>
    public static GrammarFrame Unknown { get; } = new(-1, null, 0);

    public int State { get; } = state;

    public GrammarFrame? Next { get; } = next;

    public int Distance { get; } = distance;
}
