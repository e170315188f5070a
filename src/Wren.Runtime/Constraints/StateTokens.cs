namespace Wren.Runtime.Constraints;

/// <summary>
/// What one grammar state allows, worked out once from the state alone: the tokens it accepts whatever the stack
/// below holds (a bit mask), and the trie nodes where a token ends the current value and goes on into the stack
/// below, which only the running matcher can check. Shape: Allowed [ceil(V / 64)].
/// </summary>
/// <param name="MaxDistance">The most bytes any allowed token leaves to close this state's own values (a budget check that passes it needs no per-token look).</param>
internal sealed record StateTokens(ulong[] Allowed, int[] DependentNodes, int[] DependentStates, int MaxDistance);
