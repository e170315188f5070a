using System.Diagnostics;
using System.Text.Json;

namespace Wren.Tests.Peers;

/// <summary>
/// Runs Hugging Face tokenizers (the Rust library, through npm <c>@anush008/tokenizers</c>) in a
/// node child process: the reference that Wren's tokenizer must agree with. Needs node and
/// <c>npm ci</c> in tests/peers/tokenizers (done by ./test.sh).
/// </summary>
internal static class TokenizerPeer
{
    public static string PeerDirectory { get; } = FindPeerDirectory();

    public static string TestDataDirectory => Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>HF ids of every text (no special tokens added by the post-processor).</summary>
    public static int[][] Encode(string tokenizerJson, IReadOnlyList<string> texts)
    {
        string dir = TempDir();
        string input = Path.Combine(dir, "texts.json"), output = Path.Combine(dir, "ids.json");
        File.WriteAllText(input, JsonSerializer.Serialize(texts));
        Run("encode", tokenizerJson, input, output);
        return JsonSerializer.Deserialize<int[][]>(File.ReadAllText(output))!;
    }

    public static string[] Decode(string tokenizerJson, IReadOnlyList<int[]> ids)
    {
        string dir = TempDir();
        string input = Path.Combine(dir, "ids.json"), output = Path.Combine(dir, "texts.json");
        File.WriteAllText(input, JsonSerializer.Serialize(ids));
        Run("decode", tokenizerJson, input, output);
        return JsonSerializer.Deserialize<string[]>(File.ReadAllText(output))!;
    }

    /// <summary>Trains with HF's default BpeTrainer (ByteLevel pre-tokenizer) and returns the tokenizer.json path.</summary>
    public static string Train(params string[] corpusFiles) => Train(llama3: false, corpusFiles);

    /// <summary>The same, with Llama-3's Split regex before a regex-free ByteLevel when <paramref name="llama3"/>.</summary>
    public static string Train(bool llama3, params string[] corpusFiles)
    {
        string output = Path.Combine(TempDir(), "hf-tokenizer.json");
        Run([llama3 ? "train-llama3" : "train", output, .. corpusFiles]);
        return output;
    }

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "wren-tokenizer-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void Run(params string[] args)
    {
        var psi = new ProcessStartInfo("node") { WorkingDirectory = PeerDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add(Path.Combine(PeerDirectory, "peer.js"));
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start node");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"node peer.js {args[0]} failed ({process.ExitCode}): {stderr.Result}");
        }
    }

    private static string FindPeerDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "tests", "peers", "tokenizers");
            if (File.Exists(Path.Combine(candidate, "peer.js")))
            {
                if (!Directory.Exists(Path.Combine(candidate, "node_modules", "@anush008", "tokenizers")))
                {
                    throw new InvalidOperationException($"{candidate}: run `npm ci` there first (./test.sh does)");
                }
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/peers/tokenizers/peer.js not found above " + AppContext.BaseDirectory);
    }
}
