namespace Wren.Runtime.Constraints;

/// <summary>What one byte does to a matcher state.</summary>
internal enum GrammarStep
{
    Accepted,
    Rejected,

    /// <summary>The value on top ended and the byte belongs to the stack below, which the walk does not know.</summary>
    NeedsUnknownStack,
}
