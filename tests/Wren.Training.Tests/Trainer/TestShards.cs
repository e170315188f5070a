using System.Buffers.Binary;

namespace Wren.Training.Tests.Trainer;

/// <summary>Writes llm.c token shards for tests (the real writer belongs to the tokenizer stage).</summary>
internal static class TestShards
{
    public static void Write(string path, ReadOnlySpan<int> tokens, int version = 1)
    {
        int width = version == 1 ? 2 : 4;
        var bytes = new byte[1024 + tokens.Length * width];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, 20240520);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), tokens.Length);
        for (int i = 0; i < tokens.Length; i++)
        {
            if (version == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1024 + 2 * i), checked((ushort)tokens[i]));
            else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(1024 + 4 * i), (uint)tokens[i]);
        }

        File.WriteAllBytes(path, bytes);
    }

    /// <summary>A fresh folder under the temp directory.</summary>
    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "wren-training-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
