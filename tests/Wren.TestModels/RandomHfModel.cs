using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Models.Architectures;

namespace Wren.TestModels;

/// <summary>
/// Writes a Hugging Face model folder (config.json, model.safetensors, the tokenizer files of another folder)
/// of any architecture Wren describes (<see cref="ModelArchitectures"/>), with random float32 weights named and
/// shaped as the description gives them for the config: the model that Wren loads, exports to GGUF and trains,
/// and that llama.cpp loads from the export, to check an architecture against the reference.
/// Matrices are N(0, 1/in) so activations stay near unit scale and the logits spread (σ 0.02 on a tiny model gives
/// near-uniform logits, where a greedy pick is decided by rounding); norms 1 + N(0, 0.1²), biases N(0, 0.1²).
/// </summary>
public static class RandomHfModel
{
    /// <param name="folder">Created if missing.</param>
    /// <param name="config">The model; its vocabulary must be the tokenizer's.</param>
    /// <param name="tokenizerFolder">A folder whose tokenizer.json and tokenizer_config.json are copied.</param>
    /// <param name="seed">The weights' seed.</param>
    public static void Write(string folder, LlamaConfig config, string tokenizerFolder, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate("random model config");
        Directory.CreateDirectory(folder);
        foreach (string file in new[] { "tokenizer.json", "tokenizer_config.json" })
        {
            string source = Path.Combine(tokenizerFolder, file);
            if (File.Exists(source)) File.Copy(source, Path.Combine(folder, file), overwrite: true);
        }

        LlamaConfigJson.Save(config, folder);
        var random = new Random(seed);
        var writer = new SafetensorsWriter();
        foreach (var t in ModelArchitectures.Of(config.Architecture).TensorsOf(config))
        {
            long count = t.Shape.Aggregate(1L, (a, b) => a * b);
            var values = new float[count];
            float sigma = t.Description.IsMatrix ? 1f / MathF.Sqrt(t.Shape[^1]) : 0.1f;
            // Norms near 1 as the multiplier: w itself, or (1 + w) for Gemma, whose checkpoints store w around 0.
            float mean = t.Description.IsNorm && !ModelArchitectures.Of(config.Architecture).NormAddsOne ? 1f : 0f;
            for (int i = 0; i < values.Length; i++) values[i] = mean + sigma * Gaussian(random);
            writer.Add(t.HfName, values, t.Shape.Select(x => (long)x).ToArray());
        }

        writer.Save(Path.Combine(folder, SafetensorsCheckpoint.SingleFileName));
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
