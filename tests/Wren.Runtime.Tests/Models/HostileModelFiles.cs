using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Wren.Export.Gguf;
using Wren.Runtime.Formats.Gguf;
using Wren.TestModels;

namespace Wren.Runtime.Tests.Models;

/// <summary>
/// Corrupt and hostile model files made on the spot (nothing committed): a small random GGUF and the tiny
/// Hugging Face fixture, each with one count, offset, shape, type or value made hostile. Every one must be
/// refused with a one-line error naming the file and what is wrong, before anything large is allocated.
/// Shared with the end-to-end hostile-input test of the CLI.
/// </summary>
internal static class HostileModelFiles
{
    /// <summary>One hostile model: where it is, what was done to it, a phrase its error must hold, and
    /// whether only generating finds it (NaN weights load fine).</summary>
    public sealed record Case(string Name, string Path, string Expected, bool FailsOnGenerate = false);

    /// <summary>The shape of the random GGUF: small, but with every tensor a Llama has.</summary>
    public static RandomLlamaShape Shape { get; } = new() { Embedding = 64, Layers = 2, Heads = 2, KvHeads = 2, FeedForward = 128, Vocab = 512, Context = 256 };

    /// <summary>Writes every case under <paramref name="directory"/>; <paramref name="tinyLlama"/> is the fixture folder.</summary>
    public static List<Case> Write(string directory, string tinyLlama)
    {
        Directory.CreateDirectory(directory);
        string good = System.IO.Path.Combine(directory, "good.gguf");
        RandomLlamaGguf.Write(good, Shape, GgufExportType.F32);
        byte[] bytes = File.ReadAllBytes(good);
        var cases = new List<Case>();

        void Gguf(string name, string expected, Action<byte[]> corrupt, bool onGenerate = false)
        {
            byte[] copy = (byte[])bytes.Clone();
            corrupt(copy);
            string path = System.IO.Path.Combine(directory, name + ".gguf");
            File.WriteAllBytes(path, copy);
            cases.Add(new Case(name, path, expected, onGenerate));
        }

        Gguf("block-count-2g", "'llama.block_count' is 2147483647, more than the 16384", b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ValueAt(b, "llama.block_count")), 0x7FFFFFFF));
        Gguf("context-length-4g", "'llama.context_length' is 4294967295, out of range", b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ValueAt(b, "llama.context_length")), 0xFFFFFFFF));
        Gguf("block-count-as-float", "'llama.block_count': metadata value of type Float32 is not an integer",
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ValueAt(b, "llama.block_count") - 4), (uint)GgufValueType.Float32));
        Gguf("rms-eps-nan", "not a finite number", b => BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(ValueAt(b, "llama.attention.layer_norm_rms_epsilon")), float.NaN));
        Gguf("embedding-length-huge", "'llama.embedding_length' is 1073741824, more than", b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ValueAt(b, "llama.embedding_length")), 1 << 30));
        Gguf("bos-outside-vocabulary", "'tokenizer.ggml.bos_token_id' is 4294967280, outside the vocabulary", b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(ValueAt(b, "tokenizer.ggml.bos_token_id")), 0xFFFFFFF0));
        Gguf("tensor-count-huge", "the tensor count is", b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(8), 1UL << 40));
        Gguf("metadata-count-huge", "the metadata count is", b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), ulong.MaxValue));
        Gguf("key-length-huge", "claims", b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), 1UL << 62));
        Gguf("array-count-huge", "the length of array 'tokenizer.ggml.tokens'",
            b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(ValueAt(b, "tokenizer.ggml.tokens") + 4), 1UL << 61));
        Gguf("tensor-dims-7", "7 dimensions", b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(TensorAt(b, "token_embd.weight")), 7));
        Gguf("tensor-shape-2e53", "more than the whole file", b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(TensorAt(b, "token_embd.weight") + 4), 1UL << 53));
        Gguf("tensor-offset-past-end", "beyond the end of the file",
            b => BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(TensorAt(b, "output_norm.weight") + 4 + 8 + 4), 1UL << 40));
        Gguf("tensor-name-twice", "has the tensor 'blk.0.attn_q.weight' twice",
            b => Encoding.ASCII.GetBytes("blk.0.attn_q.weight").CopyTo(b, TensorAt(b, "blk.0.attn_k.weight") - "blk.0.attn_k.weight".Length));
        // A type ggml defines but Wren does not run (IQ4_NL: blocks of 32, so the tensor's bytes still fit in the F32 data).
        Gguf("tensor-type-iq4_nl", "tensor 'blk.0.attn_q.weight' is iq4_nl; Wren runs",
            b => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(TensorAt(b, "blk.0.attn_q.weight") + 4 + 2 * 8), (uint)Wren.Runtime.Quantization.GgmlType.IQ4_NL));
        Gguf("truncated", "truncated", _ => { });
        File.WriteAllBytes(cases[^1].Path, bytes[..(bytes.Length / 2)]);
        Gguf("nan-weight", "weight 'blk.1.ffn_up.weight (model.layers.1.mlp.up_proj.weight)' holds NaN or infinity", b =>
        {
            using var gguf = GgufReader.Open(good);
            long at = gguf.DataOffset + gguf.GetTensor("blk.1.ffn_up.weight").Offset;
            BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(checked((int)at + 40)), float.NaN);
        }, onGenerate: true);

        // The Hugging Face layout: config.json and model.safetensors.
        void Folder(string name, string expected, Func<JsonObject, JsonObject>? header = null, Action<JsonObject>? config = null, Action<byte[], JsonObject>? data = null, bool onGenerate = false)
        {
            string folder = System.IO.Path.Combine(directory, name);
            Directory.CreateDirectory(folder);
            foreach (string source in Directory.GetFiles(tinyLlama))
            {
                string fileName = System.IO.Path.GetFileName(source);
                if (fileName is "config.json" or "model.safetensors" or "tokenizer.json" or "tokenizer_config.json" or "generation_config.json" or "chat_template.jinja")
                {
                    File.Copy(source, System.IO.Path.Combine(folder, fileName));
                }
            }
            string configPath = System.IO.Path.Combine(folder, "config.json");
            var configJson = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
            config?.Invoke(configJson);
            File.WriteAllText(configPath, configJson.ToJsonString());
            string weights = System.IO.Path.Combine(folder, "model.safetensors");
            byte[] file = File.ReadAllBytes(weights);
            int headerLength = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(file));
            var headerJson = JsonNode.Parse(file.AsSpan(8, headerLength))!.AsObject();
            byte[] block = file[(8 + headerLength)..];
            data?.Invoke(block, headerJson);
            byte[] newHeader = Encoding.UTF8.GetBytes((header?.Invoke(headerJson) ?? headerJson).ToJsonString());
            using (var output = File.Create(weights))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)newHeader.Length);
                output.Write(length);
                output.Write(newHeader);
                output.Write(block);
            }
            cases.Add(new Case(name, folder, expected, onGenerate));
        }

        Folder("safetensors-shape-2e62", "more F32 values than any file could", header: h =>
        {
            h["model.norm.weight"]!["shape"] = new JsonArray(1L << 62, 4);
            return h;
        });
        Folder("safetensors-offsets-past-end", "truncated file", header: h =>
        {
            h["model.norm.weight"]!["data_offsets"] = new JsonArray(1L << 40, (1L << 40) + 256);
            h["model.norm.weight"]!["shape"] = new JsonArray(64);
            return h;
        });
        Folder("config-layers-2g", "'num_hidden_layers' is 2147483647, more than", config: c => c["num_hidden_layers"] = int.MaxValue);
        Folder("config-eos-not-an-int32", "'eos_token_id' must hold 32-bit integers", config: c => c["eos_token_id"] = 1L << 40);
        Folder("safetensors-nan-weight", "weight 'model.layers.0.self_attn.v_proj.weight' holds NaN or infinity", data: (block, h) =>
        {
            long begin = h["model.layers.0.self_attn.v_proj.weight"]!["data_offsets"]![0]!.GetValue<long>();
            BinaryPrimitives.WriteSingleLittleEndian(block.AsSpan(checked((int)begin + 8)), float.PositiveInfinity);
        }, onGenerate: true);
        return cases;
    }

    /// <summary>Where the value of a metadata key starts (after its length, text and type).</summary>
    private static int ValueAt(byte[] file, string key) => IndexOf(file, Key(key)) + 8 + key.Length + 4;

    /// <summary>Where a tensor's dimension count is, in the tensor table (after its length-prefixed name).</summary>
    private static int TensorAt(byte[] file, string name) => IndexOf(file, Key(name)) + 8 + name.Length;

    /// <summary>A GGUF string as it is on disk: its length, then its bytes, so "blk.1.x" does not match "blk.11.x".</summary>
    private static byte[] Key(string text)
    {
        byte[] key = new byte[8 + text.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(key, (ulong)text.Length);
        Encoding.ASCII.GetBytes(text).CopyTo(key, 8);
        return key;
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        int at = haystack.AsSpan().IndexOf(needle);
        return at >= 0 ? at : throw new InvalidOperationException($"'{Encoding.ASCII.GetString(needle, 8, needle.Length - 8)}' is not in the file");
    }
}
