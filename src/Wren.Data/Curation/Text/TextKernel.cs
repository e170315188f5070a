namespace Wren.Data.Curation.Text;

/// <summary>
/// Which implementation a <see cref="WordTokenizer"/> kernel runs: the public methods pick the widest
/// that the hardware accelerates; tests force each one to compare it with the scalar path.
/// </summary>
internal enum TextKernel : byte
{
    /// <summary>Character by character (the reference the vector paths must equal).</summary>
    Scalar,

    /// <summary>64 characters per step as two 256-bit byte vectors, scalar where a block is not all ASCII.</summary>
    Vector256,

    /// <summary>64 characters per step as one 512-bit byte vector, scalar where a block is not all ASCII.</summary>
    Vector512,
}
