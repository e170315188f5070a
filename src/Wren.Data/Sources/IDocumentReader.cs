namespace Wren.Data.Sources;

/// <summary>Turns one input of a known format into documents, handing each to the context as it is made
/// (so a large mbox or Parquet file streams instead of being held whole).</summary>
internal interface IDocumentReader
{
    /// <summary>Short format name used in summaries and metadata: "pdf", "email", "csv", ...</summary>
    string Format { get; }

    /// <summary>Whether this reader handles a file of this (lower-case) name.</summary>
    bool CanRead(string fileName);

    /// <summary>Reads the input. Throws (preferably <see cref="Wren.Runtime.WrenException"/>) when the input is
    /// bad; the caller records the error and goes on with the next input.</summary>
    Task ReadAsync(SourceFile file, ReadContext context, CancellationToken cancellationToken);
}
