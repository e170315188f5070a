using System.Runtime.InteropServices;

namespace Wren.Bench.Training;

/// <summary>OpenBLAS through P/Invoke (apt-get install libopenblas-dev): the machine's SGEMM ceiling, benchmark only.</summary>
internal static unsafe partial class OpenBlas
{
    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101, NoTrans = 111, Trans = 112;

    [LibraryImport(Library, EntryPoint = "cblas_sgemm")]
    private static partial void Sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library, EntryPoint = "openblas_set_num_threads")]
    public static partial void SetThreads(int threads);

    public static bool Available => NativeLibrary.TryLoad(Library, out _);

    /// <summary>
    /// C [M, N] (+)= op(A) op(B) in row-major storage, with op = transpose when asked; lda/ldb are the stored row lengths.
    /// </summary>
    public static void Multiply(bool transA, bool transB, int m, int n, int k, float* a, int lda, float* b, int ldb, float beta, float* c, int ldc) =>
        Sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k, 1f, a, lda, b, ldb, beta, c, ldc);
}
