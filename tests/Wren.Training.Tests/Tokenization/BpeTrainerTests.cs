using System.Text.Json;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;
using Wren.Training.Tokenization;

namespace Wren.Training.Tests.Tokenization;

public sealed class BpeTrainerTests
{
    private static string Sample(string name) => Path.Combine(TokenizerPeer.TestDataDirectory, "tokenizer", name);

    /// <summary>Lines with their line endings, as Hugging Face's train_from_files feeds them.</summary>
    internal static IEnumerable<string> LinesWithEndings(string file)
    {
        string text = File.ReadAllText(file);
        int start = 0;
        while (start < text.Length)
        {
            int nl = text.IndexOf('\n', start);
            int end = nl < 0 ? text.Length : nl + 1;
            yield return text[start..end];
            start = end;
        }
    }

    private static TrainedBpe Train(BpeTrainerOptions options, params string[] files)
    {
        var trainer = new BpeTrainer(options);
        trainer.Count(files.SelectMany(LinesWithEndings));
        return trainer.Train();
    }

    [Theory]
    [InlineData(PreTokenizerRegex.Gpt2)]
    [InlineData(PreTokenizerRegex.Llama3)]
    public void TrainingGivesTheSameVocabularyAndMergesAsHuggingfaceTokenizers(PreTokenizerRegex regex)
    {
        string[] corpus = [Sample("sotu_sample.txt"), Sample("mixed_lines.txt")];
        string hfPath = TokenizerPeer.Train(regex == PreTokenizerRegex.Llama3, corpus);
        using var hf = JsonDocument.Parse(File.ReadAllText(hfPath));
        JsonElement model = hf.RootElement.GetProperty("model");

        // HF's default BpeTrainer: vocabulary 30000, no special tokens, alphabet = bytes seen.
        TrainedBpe wren = Train(new BpeTrainerOptions { VocabSize = 30000, SpecialTokens = [], FullByteAlphabet = false, Regex = regex }, corpus);

        var hfVocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(hfVocab.Count, wren.Tokens.Count);
        for (int id = 0; id < wren.Tokens.Count; id++)
        {
            Assert.True(hfVocab.TryGetValue(wren.Tokens[id], out int hfId) && hfId == id, $"token {id} \"{wren.Tokens[id]}\" has HF id {(hfVocab.TryGetValue(wren.Tokens[id], out int x) ? x : -1)}");
        }
        var hfMerges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? (m[0].GetString()!, m[1].GetString()!) : SplitMerge(m.GetString()!)).ToList();
        Assert.Equal(hfMerges.Count, wren.Merges.Count);
        for (int i = 0; i < hfMerges.Count; i++)
        {
            Assert.True(hfMerges[i] == wren.Merges[i], $"merge {i}: HF {hfMerges[i]} Wren {wren.Merges[i]}");
        }
    }

    private static (string, string) SplitMerge(string s)
    {
        int space = s.IndexOf(' ', 1);
        return (s[..space], s[(space + 1)..]);
    }

    [Theory]
    [InlineData(PreTokenizerRegex.Gpt2)]
    [InlineData(PreTokenizerRegex.Llama3)]
    public void ATrainedTokenizerSavedAndLoadedInWrenAndInHuggingfaceGivesTheSameIds(PreTokenizerRegex regex)
    {
        TrainedBpe trained = Train(new BpeTrainerOptions { VocabSize = 3000, Regex = regex }, Sample("sotu_sample.txt"));
        string dir = TokenizerPeer.TempDir();
        HfTokenizerWriter.Write(trained, dir);
        string json = Path.Combine(dir, "tokenizer.json");

        var wren = BpeTokenizer.Load(dir);
        Assert.Equal(3000, wren.VocabularySize);
        var texts = File.ReadAllLines(Sample("mixed_lines.txt")).Concat(File.ReadLines(Sample("sotu_sample.txt")).Take(400)).ToList();
        texts.Add(File.ReadAllText(Sample("mixed_lines.txt")));
        int[][] hfIds = TokenizerPeer.Encode(json, texts);
        for (int i = 0; i < texts.Count; i++)
        {
            int[] ours = wren.Encode(texts[i]);
            Assert.True(hfIds[i].SequenceEqual(ours), $"text {i} \"{texts[i]}\"\nHF   [{string.Join(",", hfIds[i])}]\nWren [{string.Join(",", ours)}]");
        }
        string[] hfDecoded = TokenizerPeer.Decode(json, hfIds.Take(40).ToArray());
        for (int i = 0; i < hfDecoded.Length; i++)
        {
            Assert.Equal(hfDecoded[i], wren.Decode(hfIds[i]));
            Assert.Equal(texts[i], wren.Decode(hfIds[i]));
        }
    }

    [Fact]
    public void TrainingIsDeterministicWhateverTheNumberOfThreads()
    {
        var one = Train(new BpeTrainerOptions { VocabSize = 1500, Threads = 1 }, Sample("sotu_sample.txt"), Sample("mixed_lines.txt"));
        var two = Train(new BpeTrainerOptions { VocabSize = 1500, Threads = 2 }, Sample("sotu_sample.txt"), Sample("mixed_lines.txt"));
        Assert.Equal(one.Tokens, two.Tokens);
        Assert.Equal(one.Merges, two.Merges);
        Assert.Equal(1500, one.Tokens.Count);
        Assert.Equal(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], one.Tokens.Take(3));
    }

    [Fact]
    public void MinFrequencyStopsMergingBeforeRarePairs()
    {
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = 100000, MinFrequency = 50, SpecialTokens = [] });
        trainer.Count(LinesWithEndings(Sample("sotu_sample.txt")));
        TrainedBpe trained = trainer.Train();
        Assert.True(trained.Tokens.Count < 100000);
        // Every merged token still occurs at least 50 times as a pair in the corpus it came from.
        var tokenizer = BpeTokenizer.FromJson(ToJson(trained));
        Assert.Equal(trained.Tokens.Count, tokenizer.VocabularySize);
    }

    [Fact]
    public void TokenizerConfigNamesTheSpecialTokensAndCarriesAChatTemplate()
    {
        TrainedBpe trained = Train(new BpeTrainerOptions { VocabSize = 600 }, Sample("mixed_lines.txt"));
        string dir = TokenizerPeer.TempDir();
        HfTokenizerWriter.Write(trained, dir, modelMaxLength: 1024);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "tokenizer_config.json")));
        JsonElement root = config.RootElement;
        Assert.Equal("<|endoftext|>", root.GetProperty("eos_token").GetString());
        Assert.Equal("<|endoftext|>", root.GetProperty("pad_token").GetString());
        Assert.Equal(1024, root.GetProperty("model_max_length").GetInt32());
        Assert.Contains("<|im_start|>", root.GetProperty("chat_template").GetString());
        Assert.Equal("<|im_end|>", root.GetProperty("added_tokens_decoder").GetProperty("2").GetProperty("content").GetString());
        Assert.StartsWith("#version", File.ReadAllLines(Path.Combine(dir, "merges.txt"))[0]);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    private static string ToJson(TrainedBpe trained)
    {
        using var stream = new MemoryStream();
        HfTokenizerWriter.WriteTokenizerJson(trained, stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
