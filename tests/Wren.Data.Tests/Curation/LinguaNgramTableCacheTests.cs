using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using Wren.Data.Curation.Language;

namespace Wren.Data.Tests.Curation;

/// <summary>
/// The on-disk copy of Lingua's merged n-gram table (<see cref="LinguaNgramTableCache"/>) must give
/// exactly the table a fresh build gives, must never be trusted when damaged, must survive several
/// builders at once, and must be a different file for a different language set or other models.
/// Every test uses its own temporary cache folder.
/// </summary>
public sealed class LinguaNgramTableCacheTests : IDisposable
{
    private static readonly string ModelsDirectory = Path.Combine(AppContext.BaseDirectory, "Lingua", "LanguageModels");
    private static readonly Lingua.Language[] Languages = LinguaLanguages.Parse(new LanguageOptions().Candidates);
    private static readonly Lazy<LinguaNgramTable> Built = new(() => LinguaNgramTable.Build(Languages, ModelsDirectory));
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "wren-lingua-cache-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_cache))
        {
            Directory.Delete(_cache, recursive: true);
        }
    }

    [Fact]
    public void TheTableReadBackEqualsTheBuiltOneAndScoresAsLingua()
    {
        var first = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out bool firstFromCache);
        var second = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out bool secondFromCache);
        Assert.False(firstFromCache);
        Assert.True(secondFromCache);
        AssertSameTable(Built.Value, first);
        AssertSameTable(Built.Value, second);

        // Whole scorers: one reading the cache file, one building, and Lingua itself.
        var candidates = new LanguageOptions().Candidates;
        var cached = new LinguaModelScorer(candidates, cacheDirectory: _cache);
        var fresh = new LinguaModelScorer(candidates, useCache: false);
        var lingua = new LinguaLanguageDetector(candidates, fast: true);
        var texts = LinguaModelScorerTests.PassageTexts
            .Concat(CurationSample.Documents().Take(40).SelectMany(d => LinguaModelScorerTests.Windows(d.Text)))
            .ToList();
        Assert.True(texts.Count > 300, $"only {texts.Count} texts");
        foreach (string text in texts)
        {
            var expected = lingua.Detect(text);
            Assert.Equal(expected, fresh.Detect(text));
            Assert.Equal(expected, cached.Detect(text));
        }
    }

    [Fact]
    public void ATruncatedOrCorruptedCacheFileIsIgnoredAndRebuilt()
    {
        LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out _);
        string path = Assert.Single(Directory.GetFiles(_cache));
        byte[] good = File.ReadAllBytes(path);
        int keyBytes = BinaryPrimitives.ReadInt32LittleEndian(good.AsSpan(28));
        int slots = BinaryPrimitives.ReadInt32LittleEndian(good.AsSpan(20));
        int keysAt = (32 + keyBytes + 7) & ~7;
        int offsetsAt = keysAt + slots * sizeof(ulong);

        var damaged = new List<(string What, byte[] Bytes)>
        {
            ("empty", []),
            ("cut in half", good[..(good.Length / 2)]),
            ("last byte missing", good[..^1]),
            ("one byte too many", [.. good, 0]),
            ("a flipped bit in the log-probabilities", Flip(good, good.Length - 4000)),
            ("a flipped bit in the keys", Flip(good, keysAt + 8 * 1000)),
            ("a flipped bit in the key text", Flip(good, 40)),
            ("another layout version", Flip(good, 8)),
            ("a checksum that does not match", Flip(good, good.Length - 1)),
        };
        // A row offset outside the rows with a checksum that matches: the structural check must catch it.
        byte[] badOffset = (byte[])good.Clone();
        int slot = MemoryMarshal.Cast<byte, ulong>(badOffset.AsSpan(keysAt, slots * sizeof(ulong))).IndexOfAnyExcept(0UL);
        BinaryPrimitives.WriteInt32LittleEndian(badOffset.AsSpan(offsetsAt + slot * sizeof(int)), int.MaxValue - 7);
        BinaryPrimitives.WriteUInt64LittleEndian(badOffset.AsSpan(badOffset.Length - 8), XxHash3.HashToUInt64(badOffset.AsSpan(0, badOffset.Length - 8)));
        damaged.Add(("an offset outside the rows under a valid checksum", badOffset));

        string keyText = LinguaNgramTableCache.KeyText(Languages, ModelsDirectory);
        foreach (var (what, bytes) in damaged)
        {
            File.WriteAllBytes(path, bytes);
            Assert.True(LinguaNgramTableCache.TryRead(path, keyText) is null, $"a cache file with {what} was trusted");
            var table = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out bool fromCache);
            Assert.False(fromCache, what);
            AssertSameTable(Built.Value, table);
            Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(good), $"the cache file with {what} was not rebuilt");
        }
    }

    [Fact]
    public async Task ConcurrentBuildersAndReadersNeverSeeAPartialFile()
    {
        // Four builders start together on an empty folder, as Slurm tasks of one array do.
        var tables = new LinguaNgramTable[4];
        using (var start = new Barrier(tables.Length))
        {
            Parallel.For(0, tables.Length, new ParallelOptions { MaxDegreeOfParallelism = tables.Length }, i =>
            {
                start.SignalAndWait();
                tables[i] = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out _);
            });
        }
        foreach (var table in tables)
        {
            AssertSameTable(Built.Value, table);
        }
        string path = Assert.Single(Directory.GetFiles(_cache)); // no temporary files left behind

        // A writer replaces the file again and again while a reader reads it: every read is whole.
        string keyText = LinguaNgramTableCache.KeyText(Languages, ModelsDirectory);
        int reads = 0;
        var writer = Task.Run(() =>
        {
            for (int i = 0; i < 4; i++)
            {
                Assert.True(LinguaNgramTableCache.TryWrite(path, keyText, Built.Value));
            }
        });
        while (!writer.IsCompleted || reads < 2)
        {
            var read = LinguaNgramTableCache.TryRead(path, keyText);
            Assert.NotNull(read);
            AssertSameTable(Built.Value, read);
            reads++;
        }
        await writer;
        Assert.Single(Directory.GetFiles(_cache));
    }

    [Fact]
    public void TheCacheFileChangesWithTheLanguageSetItsOrderAndTheModels()
    {
        string Path(params string[] codes) =>
            LinguaNgramTableCache.PathFor(_cache, LinguaNgramTableCache.KeyText(LinguaLanguages.Parse(codes), ModelsDirectory));

        Assert.Equal(Path("en", "de"), Path("en", "de"));
        string[] distinct = [Path("en", "de"), Path("de", "en"), Path("en", "fr"), Path("en", "de", "fr")];
        Assert.Equal(distinct.Length, distinct.Distinct().Count());

        // Same languages, other model files (a new Lingua release): another file, and a table built from the new models.
        string models = System.IO.Path.Combine(_cache, "models");
        foreach (string code in new[] { "en", "fr" })
        {
            Directory.CreateDirectory(System.IO.Path.Combine(models, code));
            foreach (string file in new[] { "unigrams.json.br", "bigrams.json.br", "trigrams.json.br" })
            {
                File.Copy(System.IO.Path.Combine(ModelsDirectory, code, file), System.IO.Path.Combine(models, code, file));
            }
        }
        var languages = LinguaLanguages.Parse(["en", "fr"]);
        string tables = System.IO.Path.Combine(_cache, "tables");
        var before = LinguaNgramTableCache.GetOrBuild(languages, models, tables, out _);
        LinguaNgramTableCache.GetOrBuild(languages, models, tables, out bool reused);
        Assert.True(reused);
        File.Copy(System.IO.Path.Combine(ModelsDirectory, "de", "trigrams.json.br"), System.IO.Path.Combine(models, "fr", "trigrams.json.br"), overwrite: true);
        var after = LinguaNgramTableCache.GetOrBuild(languages, models, tables, out bool fromCache);
        Assert.False(fromCache);
        AssertSameTable(LinguaNgramTable.Build(languages, models), after);
        Assert.NotEqual(before.Count, after.Count);
        Assert.Equal(2, Directory.GetFiles(tables).Length);
    }

    [Fact]
    public void TheCacheFolderFollowsWRENCACHEThenXDGCACHEHOMEThenHome()
    {
        string Join(params string[] parts) => Path.Combine(parts);
        Assert.Equal(Join("/scratch/wren", "lingua"), LinguaNgramTableCache.DirectoryFrom("/scratch/wren", "/xdg", null, "/home/a"));
        Assert.Null(LinguaNgramTableCache.DirectoryFrom("off", "/xdg", null, "/home/a"));
        Assert.Null(LinguaNgramTableCache.DirectoryFrom("", "/xdg", null, "/home/a"));
        Assert.Equal(Join("/xdg", "wren", "lingua"), LinguaNgramTableCache.DirectoryFrom(null, "/xdg", null, "/home/a"));
        Assert.Equal(Join("/home/a", ".cache", "wren", "lingua"), LinguaNgramTableCache.DirectoryFrom(null, "relative/xdg", null, "/home/a"));
        Assert.Null(LinguaNgramTableCache.DirectoryFrom(null, null, null, ""));
    }

    [Fact]
    public void AnUnwritableCacheFolderOnlyCostsTheBuild()
    {
        // A file where the folder should be: nothing can be written below it.
        File.WriteAllText(_cache, "not a folder");
        try
        {
            var table = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, Path.Combine(_cache, "lingua"), out bool fromCache);
            Assert.False(fromCache);
            AssertSameTable(Built.Value, table);
        }
        finally
        {
            File.Delete(_cache);
        }
    }

    [Fact]
    public void TablesUnusedForAMonthAndAbandonedTemporaryFilesAreRemovedAfterAWrite()
    {
        Directory.CreateDirectory(_cache);
        var now = DateTime.UtcNow;
        string File(string name, TimeSpan age)
        {
            string path = Path.Combine(_cache, name);
            System.IO.File.WriteAllText(path, "x");
            System.IO.File.SetLastWriteTimeUtc(path, now - age);
            return path;
        }
        string oldTable = File("ngrams-00000000000000000000000000000000.bin", TimeSpan.FromDays(40));
        string recentTable = File("ngrams-11111111111111111111111111111111.bin", TimeSpan.FromDays(3));
        string killedWriter = File(".ngrams-11111111111111111111111111111111.bin.4242.0123abcd.tmp", TimeSpan.FromHours(2));
        string runningWriter = File(".ngrams-11111111111111111111111111111111.bin.4243.4567cdef.tmp", TimeSpan.FromMinutes(1));
        string notOurs = File("notes.txt", TimeSpan.FromDays(400));

        // A table read from the cache is marked as used, so the clean-up after the next write keeps it.
        var table = LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out _);
        string used = LinguaNgramTableCache.PathFor(_cache, LinguaNgramTableCache.KeyText(Languages, ModelsDirectory));
        System.IO.File.SetLastWriteTimeUtc(used, now - TimeSpan.FromDays(40));
        LinguaNgramTableCache.GetOrBuild(Languages, ModelsDirectory, _cache, out bool fromCache);
        Assert.True(fromCache);
        Assert.True(now - System.IO.File.GetLastWriteTimeUtc(used) < TimeSpan.FromDays(1));

        Assert.False(System.IO.File.Exists(oldTable));
        Assert.False(System.IO.File.Exists(killedWriter));
        Assert.True(System.IO.File.Exists(recentTable));
        Assert.True(System.IO.File.Exists(runningWriter));
        Assert.True(System.IO.File.Exists(notOurs));
        AssertSameTable(Built.Value, table);
        LinguaNgramTableCache.RemoveStale(_cache, now + TimeSpan.FromDays(29));
        Assert.True(System.IO.File.Exists(used), "a table read today was removed within a month");
        LinguaNgramTableCache.RemoveStale(_cache, now + TimeSpan.FromDays(31));
        Assert.False(System.IO.File.Exists(used), "a table unread for a month was kept");
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    private static void AssertSameTable(LinguaNgramTable expected, LinguaNgramTable actual)
    {
        Assert.Equal(expected.Languages, actual.Languages);
        Assert.Equal(expected.Stride, actual.Stride);
        Assert.True(expected.Keys.AsSpan().SequenceEqual(actual.Keys), "keys differ");
        Assert.True(expected.RowOffsets.AsSpan().SequenceEqual(actual.RowOffsets), "row offsets differ");
        Assert.True(MemoryMarshal.AsBytes(expected.LogProbabilities.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(actual.LogProbabilities.AsSpan())), "log-probabilities differ");
    }
}
