using Wren.Data.Documents;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>Finds <c>samples/acme</c> in the repository and reads sources into lists for assertions.</summary>
internal static class SampleData
{
    public static string Root { get; } = FindRoot();

    public static string Acme => Path.Combine(Root, "samples", "acme");

    public static string PathOf(params string[] parts) => Path.Combine([Acme, .. parts]);

    /// <summary>Reads every document and error of <paramref name="sources"/>.</summary>
    public static async Task<(List<Document> Documents, IReadOnlyList<IngestError> Errors, DocumentSources Sources)> ReadAsync(
        IReadOnlyList<string> sources, SourceOptions? options = null)
    {
        var reader = new DocumentSources(sources, options ?? new SourceOptions { Threads = 2 });
        var documents = new List<Document>();
        await foreach (Document document in reader.ReadAsync())
        {
            documents.Add(document);
        }
        return (documents, reader.Errors, reader);
    }

    public static async Task<(List<Document> Documents, IReadOnlyList<IngestError> Errors)> ReadAsync(string source, SourceOptions? options = null)
    {
        var (documents, errors, _) = await ReadAsync([source], options);
        return (documents, errors);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wren.slnx")) && Directory.Exists(Path.Combine(dir.FullName, "samples", "acme")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("samples/acme not found above " + AppContext.BaseDirectory);
    }
}
