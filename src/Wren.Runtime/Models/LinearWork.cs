using Wren.Runtime.Kernels;
using Wren.Runtime.Tensors;
using Wren.Runtime.Threading;

namespace Wren.Runtime.Models;

/// <summary>
/// Up to four linear layers that read the same input (q/k/v, with Phi-2's fc1; or gate/up) run as one parallel job, so the
/// pool synchronises once per group. One token: items are weight rows (matrix-vector, split by rows);
/// several tokens: items are 16-column panels (float GEMM, split by panels; F32 weights on AVX-512 through
/// <see cref="TokenPanelGemm"/>, 16 weight rows per item), or weight rows for
/// block-quantized weights (int8 dots against the quantized tokens, <see cref="QuantizedMatMul"/>).
/// </summary>
internal sealed unsafe class LinearWork : IParallelWork
{
    private const int MaxSegments = 4;
    private readonly WeightMatrix[] _weights = new WeightMatrix[MaxSegments];
    private readonly nint[] _outputs = new nint[MaxSegments];
    private readonly int[] _itemStart = new int[MaxSegments + 1];
    private readonly bool[] _rowItems = new bool[MaxSegments];
    private readonly nint[] _packs;
    private readonly KernelPath _gemmPath;
    private int _segments;
    private float* _x;
    private int _t;

    // Q8_0 copy of x for Q8_0/Q4_0/Q5_0 weights, Q8_K copy for K-quants and Q8_1 copy for Q4_1/Q5_1: each made once
    // per group when a weight needs it, read by every worker; grown on first need only.
    private byte[] _xq8_0 = [];
    private byte[] _xq8_K = [];
    private byte[] _xq8_1 = [];
    private bool _xq8_0Ready;
    private bool _xq8_KReady;
    private bool _xq8_1Ready;

    // Those copies interleaved into VNNI panels (several tokens), made once per group like the copies.
    private byte[] _panels8_0 = [];
    private byte[] _panels8_K = [];
    private bool _panels8_0Ready;
    private bool _panels8_KReady;

    // x packed into 32-token panels for F32 weights (TokenPanelGemm), once per group like the copies above.
    private float[] _tokenPanels = [];
    private bool _tokenPanelsReady;

    /// <param name="packs">Per worker, a float buffer of <see cref="Gemm.PackLength"/>.</param>
    public LinearWork(nint[] packs)
    {
        _packs = packs;
        _gemmPath = Sgemm.BestPath;
    }

    /// <summary>Items in all (rows when T = 1, panels otherwise).</summary>
    public int ItemCount => _itemStart[_segments];

    /// <summary>Starts a group for input x [T, K].</summary>
    public void Begin(float* x, int t)
    {
        _x = x;
        _t = t;
        _segments = 0;
        _itemStart[0] = 0;
        _xq8_0Ready = false;
        _xq8_KReady = false;
        _xq8_1Ready = false;
        _panels8_0Ready = false;
        _panels8_KReady = false;
        _tokenPanelsReady = false;
    }

    /// <summary>Adds y [T, N] = x W^T (row stride N).</summary>
    public void Add(WeightMatrix w, float* y)
    {
        bool quantized = QuantizedMatVec.UsesQuantizedActivation(w.DType);
        if (quantized)
        {
            bool k = QuantizedMatVec.UsesQ8_KActivation(w.DType);
            bool one = QuantizedMatVec.UsesQ8_1Activation(w.DType);
            ref byte[] buffer = ref k ? ref _xq8_K : ref one ? ref _xq8_1 : ref _xq8_0;
            ref bool ready = ref k ? ref _xq8_KReady : ref one ? ref _xq8_1Ready : ref _xq8_0Ready;
            if (!ready)
            {
                int bytes = _t * QuantizedMatVec.ActivationBytes(w.DType, w.Cols);
                if (buffer.Length < bytes) buffer = GC.AllocateUninitializedArray<byte>(bytes);
                QuantizedMatMul.QuantizeRows(w.DType, new ReadOnlySpan<float>(_x, _t * w.Cols), _t, w.Cols, buffer);
                ready = true;
            }

            ref byte[] panels = ref k ? ref _panels8_K : ref _panels8_0;
            ref bool packed = ref k ? ref _panels8_KReady : ref _panels8_0Ready;
            if (!packed && VnniQuantizedGemm.Handles(w.DType, _t))
            {
                int bytes = VnniQuantizedGemm.PanelBytes(w.DType, _t, w.Cols);
                if (panels.Length < bytes) panels = GC.AllocateUninitializedArray<byte>(bytes);
                VnniQuantizedGemm.Pack(w.DType, buffer, _t, w.Cols, panels);
                packed = true;
            }
        }
        else if (!_tokenPanelsReady && TokenPanelGemm.Handles(w.DType, _t))
        {
            long floats = TokenPanelGemm.PanelFloats(_t, w.Cols);
            if (_tokenPanels.Length < floats) _tokenPanels = GC.AllocateUninitializedArray<float>(checked((int)floats), pinned: true);
            TokenPanelGemm.Pack(new ReadOnlySpan<float>(_x, _t * w.Cols), _t, w.Cols, _tokenPanels);
            _tokenPanelsReady = true;
        }

        _weights[_segments] = w;
        _outputs[_segments] = (nint)y;
        _rowItems[_segments] = _t == 1 || quantized;
        int items = _rowItems[_segments] ? w.Rows : Gemm.PanelCount(w.Rows);
        _itemStart[_segments + 1] = _itemStart[_segments] + items;
        _segments++;
    }

    /// <summary>Chunk size that gives each thread a few chunks (for balance) of whole 4-row groups.</summary>
    public int ChunkFor(int threads)
    {
        int items = ItemCount;
        if (_t > 1 && !_rowItems[0]) return Math.Max(1, items / (threads * 4));
        int chunk = Math.Max(16, items / (threads * 4));
        return (chunk + 3) & ~3;
    }

    public void Execute(int start, int end, int worker)
    {
        for (int s = 0; s < _segments; s++)
        {
            int lo = Math.Max(start, _itemStart[s]), hi = Math.Min(end, _itemStart[s + 1]);
            if (lo >= hi) continue;
            var w = _weights[s];
            int r0 = lo - _itemStart[s], r1 = hi - _itemStart[s];
            if (w.IsQuantized && QuantizedMatVec.UsesQuantizedActivation(w.DType))
            {
                byte[] xq = QuantizedMatVec.UsesQ8_KActivation(w.DType) ? _xq8_K : QuantizedMatVec.UsesQ8_1Activation(w.DType) ? _xq8_1 : _xq8_0;
                if (VnniQuantizedGemm.Handles(w.DType, _t))
                    VnniQuantizedGemm.Multiply(w, QuantizedMatVec.UsesQ8_KActivation(w.DType) ? _panels8_K : _panels8_0, _t, new Span<float>((void*)_outputs[s], (_t - 1) * w.Rows + w.Rows), w.Rows, r0, r1);
                else if (_t == 1)
                    QuantizedMatVec.Multiply(w, new ReadOnlySpan<float>(_x, w.Cols), xq, new Span<float>((void*)_outputs[s], w.Rows), r0, r1);
                else
                    QuantizedMatMul.Multiply(w, xq, _t, new Span<float>((void*)_outputs[s], (_t - 1) * w.Rows + w.Rows), w.Rows, r0, r1);
            }
            else if (_t == 1)
                MatVec.Multiply(w, new ReadOnlySpan<float>(_x, w.Cols), new Span<float>((void*)_outputs[s], w.Rows), r0, r1);
            else if (TokenPanelGemm.Handles(w.DType, _t))
            {
                // Items are 16-row panels here as for Gemm, so a chunk is rows [16 lo, 16 hi).
                fixed (float* panels = _tokenPanels)
                    TokenPanelGemm.Run(KernelPath.Vector512, w, panels, _t, (float*)_outputs[s], w.Rows, r0 * Gemm.PanelWidth, Math.Min(w.Rows, r1 * Gemm.PanelWidth));
            }
            else
                Gemm.Run(_gemmPath, _x, _t, w, (float*)_outputs[s], w.Rows, r0, r1, (float*)_packs[worker]);
        }
    }
}
