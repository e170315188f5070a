using Wren.Runtime.Models;
using Wren.Runtime.Models.Architectures;
using Wren.Runtime.Tensors;
using Wren.Training.Layers;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// The runtime's <see cref="LlamaModel"/> over a training model's CURRENT weights, without writing a checkpoint:
/// matrices point straight into the trainer's pinned parameter allocation (no copy); with LoRA, each adapted matrix
/// is W + (alpha / r) B A in a new buffer. The snapshot reads live memory, so use it between optimizer steps
/// (e.g. from <see cref="TrainingLoop.StepCompleted"/>) and dispose it before training goes on.
/// </summary>
public static class InferenceSnapshot
{
    public static LlamaModel Create(LlamaTrainingModel model)
    {
        var keepAlive = new KeepAlive();
        var weights = WeightBinder.Bind(model.Config, new ParameterWeightSource(model, keepAlive));
        // The parameter arrays live as long as the training model; the merged ones as long as this model.
        keepAlive.Arrays.Add(model.Parameters.Values.Array);
        return LlamaModel.Create(model.Config, weights, [keepAlive]);
    }

    /// <summary>The trainer's parameters by their Hugging Face names; a LoRA-adapted matrix is merged into a new array.</summary>
    private sealed class ParameterWeightSource(LlamaTrainingModel model, KeepAlive keepAlive) : IWeightSource
    {
        public WeightMatrix Matrix(ModelTensor tensor)
        {
            var parameters = model.Parameters;
            var slice = parameters.Value(tensor.HfName);
            string module = tensor.Description.ModuleOf(tensor.Layer);
            if (model.Adapters is { } adapters && adapters.Contains(module + ".lora_A.weight"))
            {
                slice = Merged(slice, adapters, module, tensor.Shape[0], tensor.Shape[1], model.LoraSettings!.Scaling);
                keepAlive.Arrays.Add(slice.Array);
            }

            unsafe
            {
                return new WeightMatrix((nint)slice.Pointer, WeightDType.F32, tensor.Shape[0], tensor.Shape[1]);
            }
        }

        public float[] Vector(ModelTensor tensor) => model.Parameters.Value(tensor.HfName).Span.ToArray();

        public void Finish()
        {
        }
    }

    /// <summary>W + scaling B A. Shapes: W [out, in], A [r, in], B [out, r].</summary>
    private static TensorSlice Merged(TensorSlice weight, ParameterSet adapters, string module, int output, int input, float scaling)
    {
        var a = adapters.Value(module + ".lora_A.weight").Span;
        var b = adapters.Value(module + ".lora_B.weight").Span;
        int rank = a.Length / input;
        var merged = TensorSlice.Allocate(weight.Length);
        var m = merged.Span;
        weight.Span.CopyTo(m);
        for (int o = 0; o < output; o++)
        {
            var row = m.Slice(o * input, input);
            for (int k = 0; k < rank; k++)
            {
                float coefficient = scaling * b[o * rank + k];
                if (coefficient == 0) continue;
                var aRow = a.Slice(k * input, input);
                for (int i = 0; i < input; i++) row[i] += coefficient * aRow[i];
            }
        }

        return merged;
    }

    /// <summary>Holds the pinned arrays the weight pointers refer to for as long as the runtime model lives.</summary>
    private sealed class KeepAlive : IDisposable
    {
        public List<float[]> Arrays { get; } = [];

        public void Dispose() => Arrays.Clear();
    }
}
