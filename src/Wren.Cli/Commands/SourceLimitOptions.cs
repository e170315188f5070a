using System.CommandLine;
using Wren.Data.Sources;

namespace Wren.Cli.Commands;

/// <summary>
/// The options that bound what reading sources may cost, shared by <c>wren ingest</c> and <c>wren curate</c> (in
/// <see cref="SourceReadingOptions"/>) and <c>wren explore</c>:
/// symbolic links, and how far archives, compressed files and documents may expand.
/// </summary>
internal sealed class SourceLimitOptions
{
    private static readonly SourceOptions Defaults = new();

    private readonly Option<bool> _followLinks = new("--follow-links")
    {
        Description = "Follow symbolic links that lead outside the folders given (default: they are listed in ingest-errors.jsonl and not followed; a file is never read twice).",
    };

    private readonly Option<long> _maxExpanded = new("--max-expanded-bytes")
    {
        Description = "Most bytes one input may expand to: an archive with everything in it, a .gz/.zst file, the XML of a DOCX (default 4 GiB).",
        DefaultValueFactory = _ => Defaults.MaxExpandedBytes,
    };

    private readonly Option<long> _maxTotalExpanded = new("--max-total-expanded-bytes")
    {
        Description = "Most bytes all inputs may expand to together (default 32 GiB).",
        DefaultValueFactory = _ => Defaults.MaxTotalExpandedBytes,
    };

    private readonly Option<double> _maxRatio = new("--max-compression-ratio")
    {
        Description = "Most times compressed data may grow, per entry and per input, once past 1 MiB (default 100; text inflates 3-10 times, zip bombs thousands).",
        DefaultValueFactory = _ => Defaults.MaxCompressionRatio,
    };

    private readonly Option<int> _maxDepth = new("--max-archive-depth")
    {
        Description = "Archives inside archives that are opened (default 4).",
        DefaultValueFactory = _ => Defaults.MaxArchiveDepth,
    };

    private readonly Option<int> _maxDocumentChars = new("--max-document-chars")
    {
        Description = "Longest document in characters: longer plain text is cut into parts at line breaks, any other longer document is refused (default 16 Mi).",
        DefaultValueFactory = _ => Defaults.MaxDocumentChars,
    };

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _followLinks, _maxExpanded, _maxTotalExpanded, _maxRatio, _maxDepth, _maxDocumentChars })
        {
            command.Options.Add(option);
        }
    }

    public SourceOptions Apply(ParseResult parse, SourceOptions options) => options with
    {
        FollowLinks = parse.GetValue(_followLinks),
        MaxExpandedBytes = parse.GetValue(_maxExpanded),
        MaxTotalExpandedBytes = parse.GetValue(_maxTotalExpanded),
        MaxCompressionRatio = parse.GetValue(_maxRatio),
        MaxArchiveDepth = parse.GetValue(_maxDepth),
        MaxDocumentChars = parse.GetValue(_maxDocumentChars),
    };
}
