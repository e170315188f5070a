using Wren.Training.Layers;
using Wren.Training.Model;

namespace Wren.Training.Tests.Layers;

/// <summary>The blocked attention (products on the shared SGEMM) against the reference dot-product loops.</summary>
public sealed unsafe class AttentionLayerTests
{
    [Theory]
    [InlineData(1, 1, 1, 1, 4)]
    [InlineData(2, 7, 4, 2, 8)]
    [InlineData(1, 65, 2, 1, 16)]
    [InlineData(2, 130, 3, 3, 5)]
    public void BlockedForwardAndBackwardMatchTheReference(int batch, int time, int heads, int kvHeads, int headDim)
    {
        var s = new AttentionLayer.Shape(batch, time, heads, kvHeads, headDim);
        int m = batch * time;
        var rng = new SeededRandom((ulong)(time * 100 + heads));
        TensorSlice Random(int n)
        {
            var t = TensorSlice.Allocate(n);
            rng.FillNormal(t.Span, 1);
            return t;
        }

        var q = Random(m * s.QWidth);
        var k = Random(m * s.KvWidth);
        var v = Random(m * s.KvWidth);
        var dOut = Random(m * s.QWidth);
        var pRef = TensorSlice.Allocate(batch * heads * time * time);
        var oRef = TensorSlice.Allocate(m * s.QWidth);
        var p = TensorSlice.Allocate(batch * heads * time * time);
        var o = TensorSlice.Allocate(m * s.QWidth);
        var (dqRef, dkRef, dvRef) = (TensorSlice.Allocate(m * s.QWidth), TensorSlice.Allocate(m * s.KvWidth), TensorSlice.Allocate(m * s.KvWidth));
        var (dq, dk, dv) = (TensorSlice.Allocate(m * s.QWidth), Random(m * s.KvWidth), Random(m * s.KvWidth)); // garbage in dk, dv: overwritten
        var work = new AttentionWorkspace(time, headDim);
        var scratch = new float[time];
        for (int b = 0; b < batch; b++)
        {
            for (int g = 0; g < kvHeads; g++)
            {
                AttentionLayer.ForwardReference(s, b, g, q.Span, k.Span, v.Span, pRef.Span, oRef.Span);
                AttentionLayer.Forward(s, b, g, q.Pointer, k.Pointer, v.Pointer, p.Pointer, o.Pointer, work);
                AttentionLayer.BackwardReference(s, b, g, q.Span, k.Span, v.Span, pRef.Span, dOut.Span, dqRef.Span, dkRef.Span, dvRef.Span, scratch);
                AttentionLayer.Backward(s, b, g, q.Pointer, k.Pointer, v.Pointer, p.Pointer, dOut.Pointer, dq.Pointer, dk.Pointer, dv.Pointer, work);
            }
        }

        Close(pRef.Span, p.Span, "probabilities");
        Close(oRef.Span, o.Span, "output");
        Close(dqRef.Span, dq.Span, "dq");
        Close(dkRef.Span, dk.Span, "dk");
        Close(dvRef.Span, dv.Span, "dv");
    }

    private static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])), $"{what}[{i}]: {actual[i]} vs {expected[i]}");
    }
}
