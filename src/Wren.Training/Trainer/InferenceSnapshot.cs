using Wren.Runtime.Models;
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
        var config = model.Config;
        var parameters = model.Parameters;
        var keepAlive = new KeepAlive();

        WeightMatrix Matrix(string name)
        {
            var t = parameters[name];
            var slice = parameters.Value(name);
            if (model.Adapters is { } adapters && adapters.Contains(name[..^".weight".Length] + ".lora_A.weight"))
            {
                slice = Merged(slice, adapters, name[..^".weight".Length], t.Shape[0], t.Shape[1], model.LoraSettings!.Scaling);
                keepAlive.Arrays.Add(slice.Array);
            }

            unsafe
            {
                return new WeightMatrix((nint)slice.Pointer, WeightDType.F32, t.Shape[0], t.Shape[1]);
            }
        }

        float[] Vector(string name) => parameters.Value(name).Span.ToArray();
        float[]? Bias(string name) => parameters.Contains(name) ? Vector(name) : null;
        LinearLayer Linear(string module) => new(Matrix(module + ".weight"), Bias(module + ".bias"));

        var layers = new LlamaLayerWeights[config.NumHiddenLayers];
        for (int l = 0; l < layers.Length; l++)
        {
            string p = $"model.layers.{l}.";
            layers[l] = new LlamaLayerWeights
            {
                InputNorm = Vector(p + "input_layernorm.weight"),
                Query = Linear(p + "self_attn.q_proj"),
                Key = Linear(p + "self_attn.k_proj"),
                Value = Linear(p + "self_attn.v_proj"),
                Output = Linear(p + "self_attn.o_proj"),
                PostAttentionNorm = Vector(p + "post_attention_layernorm.weight"),
                Gate = Linear(p + "mlp.gate_proj"),
                Up = Linear(p + "mlp.up_proj"),
                Down = Linear(p + "mlp.down_proj"),
            };
        }

        var embedding = Matrix("model.embed_tokens.weight");
        var weights = new LlamaWeights
        {
            Embedding = embedding,
            Layers = layers,
            FinalNorm = Vector("model.norm.weight"),
            LmHead = config.TieWordEmbeddings ? embedding : Matrix("lm_head.weight"),
        };
        // The parameter arrays live as long as the training model; the merged ones as long as this model.
        keepAlive.Arrays.Add(parameters.Values.Array);
        return LlamaModel.Create(config, weights, [keepAlive]);
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
