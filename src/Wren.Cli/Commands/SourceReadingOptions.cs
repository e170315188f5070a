using System.CommandLine;
using Wren.Data.Sources;

namespace Wren.Cli.Commands;

/// <summary>
/// What <c>wren ingest</c> and <c>wren curate</c> (which ingests what is not shards yet) read and how: the file globs, the
/// text column or field, a SQL query, and the cost limits (<see cref="SourceLimitOptions"/>), defined once.
/// </summary>
internal sealed class SourceReadingOptions
{
    private readonly Option<string[]> _include = new("--include") { Description = "Glob a file in a folder must match, e.g. '**/*.pdf' (repeatable; default: every file).", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string[]> _exclude = new("--exclude") { Description = "Glob of files in a folder to leave out, e.g. '**/drafts/**' (repeatable)." };
    private readonly Option<string?> _textColumn = new("--text-column") { Description = "CSV/TSV, Parquet and SQL: the column with the text (default: text, body, content, message or description; SQL: the second column)." };
    private readonly Option<string?> _textField = new("--text-field") { Description = "JSONL: the field with the text (default: text, body, content, message or description)." };
    private readonly Option<string?> _sql = new("--sql") { Description = "A query whose rows become documents: id column first, then the text; other columns go to metadata." };
    private readonly Option<string?> _connection = new("--connection") { Description = "Where --sql runs: a SQLite file or 'Data Source=x.db', or PostgreSQL 'Host=...;Username=...;Database=...' or postgres://user:pass@host/db." };
    private readonly SourceLimitOptions _limits = new();

    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { _include, _exclude, _textColumn, _textField, _sql, _connection }) command.Options.Add(option);
        _limits.AddTo(command);
    }

    public SourceOptions Read(ParseResult parse, int threads) => _limits.Apply(parse, new SourceOptions
    {
        Include = parse.GetValue(_include) ?? [],
        Exclude = parse.GetValue(_exclude) ?? [],
        TextColumn = parse.GetValue(_textColumn),
        TextField = parse.GetValue(_textField),
        Sql = parse.GetValue(_sql),
        Connection = parse.GetValue(_connection),
        Threads = threads,
    });
}
