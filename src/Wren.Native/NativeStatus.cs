namespace Wren.Native;

/// <summary>What every <c>wren_*</c> function returns (include/wren.h's <c>WREN_OK</c>, <c>WREN_CANCELLED</c>, <c>WREN_ERROR</c>).</summary>
internal static class NativeStatus
{
    public const int Ok = 0;

    /// <summary>The token callback asked to stop; what was generated before stands.</summary>
    public const int Cancelled = 1;

    /// <summary>Failed; <c>wren_last_error</c> says why.</summary>
    public const int Error = -1;
}
