using System.Data.Common;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using Wren.Data.Documents;

namespace Wren.Data.Sources;

/// <summary>
/// Rows of a SQL query as documents, from SQLite (Microsoft.Data.Sqlite) or PostgreSQL (Npgsql), streamed
/// row by row. The first column is the record id, the text is the column named by
/// <see cref="SourceOptions.TextColumn"/> or else the second column, and every other column goes to
/// metadata with its type kept. Source: <c>sqlite:PATH#ID</c> or <c>postgresql://HOST:PORT/DB#ID</c> (never the
/// password); the id hashes in the query too, so two queries over one table do not collide.
/// </summary>
internal sealed class SqlSource
{
    private readonly int? _textIndex;

    private SqlSource(string query, string kind, string connectionString, string displayName, int? textIndex = null)
    {
        Query = query;
        Kind = kind;
        ConnectionString = connectionString;
        DisplayName = displayName;
        _textIndex = textIndex;
    }

    /// <summary>A query over a SQLite file found among the sources, whose text is its second column.</summary>
    public static SqlSource ForSqliteFile(string query, string path, string displayName) =>
        new(query, "sqlite", new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString, displayName, textIndex: 1);

    public string Query { get; }

    /// <summary>"sqlite" or "postgresql" (the format name in summaries).</summary>
    public string Kind { get; }

    public string ConnectionString { get; }

    /// <summary>Where the rows come from, without credentials.</summary>
    public string DisplayName { get; }

    /// <summary>Recognizes the connection: a <c>postgres://</c> URL or an Npgsql string (<c>Host=</c>) is PostgreSQL;
    /// a SQLite string (<c>Data Source=</c>) or an existing file is SQLite.</summary>
    public static SqlSource Create(string query, string connection)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            throw new Wren.Runtime.WrenException("--sql: the query is empty");
        }
        string c = connection.Trim();
        if (c.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || c.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            var builder = FromPostgresUrl(c);
            return new SqlSource(query, "postgresql", builder.ConnectionString, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
        }
        if (HasKey(c, "host") || HasKey(c, "server"))
        {
            NpgsqlConnectionStringBuilder builder;
            try
            {
                builder = new NpgsqlConnectionStringBuilder(c);
            }
            catch (ArgumentException e)
            {
                throw new Wren.Runtime.WrenException($"--connection: not a valid PostgreSQL connection string ({e.Message})");
            }
            return new SqlSource(query, "postgresql", builder.ConnectionString, $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}");
        }
        if (HasKey(c, "data source") || HasKey(c, "datasource") || HasKey(c, "filename"))
        {
            SqliteConnectionStringBuilder builder;
            try
            {
                builder = new SqliteConnectionStringBuilder(c);
            }
            catch (ArgumentException e)
            {
                throw new Wren.Runtime.WrenException($"--connection: not a valid SQLite connection string ({e.Message})");
            }
            return ForSqliteFile(query, builder);
        }
        if (File.Exists(c))
        {
            return ForSqliteFile(query, new SqliteConnectionStringBuilder { DataSource = c });
        }
        throw new Wren.Runtime.WrenException($"--connection: '{Redact(c)}' is neither a SQLite database file or 'Data Source=...' string, nor a PostgreSQL 'Host=...' string or postgres:// URL");
    }

    private static SqlSource ForSqliteFile(string query, SqliteConnectionStringBuilder builder)
    {
        if (builder.DataSource is not (":memory:" or "") && !File.Exists(builder.DataSource))
        {
            // SQLite would silently create an empty database; a missing file is a mistake.
            throw new Wren.Runtime.WrenException($"--connection: no SQLite database at {builder.DataSource}");
        }
        if (builder.Mode == SqliteOpenMode.ReadWriteCreate)
        {
            builder.Mode = SqliteOpenMode.ReadOnly;
        }
        return new SqlSource(query, "sqlite", builder.ConnectionString, $"sqlite:{builder.DataSource.Replace('\\', '/')}");
    }

    /// <summary>Runs the query and hands each row on as a document.</summary>
    public async Task ReadAsync(ReadContext context, CancellationToken cancellationToken)
    {
        await using DbConnection connection = Kind == "sqlite" ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException or TimeoutException)
        {
            throw new Wren.Runtime.WrenException($"cannot connect to {DisplayName} ({e.Message})");
        }
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = Query;
        DbDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbException e)
        {
            throw new Wren.Runtime.WrenException($"query failed on {DisplayName}: {e.Message}");
        }
        await using (reader.ConfigureAwait(false))
        {
            if (reader.FieldCount < 2)
            {
                throw new Wren.Runtime.WrenException($"the query returns {reader.FieldCount} column(s); it needs an id column first and a text column");
            }
            var names = new string[reader.FieldCount];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = reader.GetName(i);
            }
            int textIndex = _textIndex ?? (context.Options.TextColumn is null ? 1 : RecordFields.ChooseText(names, context.Options.TextColumn, "--text-column"));
            long row = 0;
            var values = new object?[names.Length];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                row++;
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                string id = RecordFields.ToText(values[0]) ?? $"row-{row}";
                string? text = RecordFields.ToText(values[textIndex]);
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }
                text = TextEncodingDetector.NormalizeNewlines(text).Trim();
                var metadata = new JsonObject { ["format"] = Kind, ["record_id"] = RecordFields.ToJson(values[0]) };
                for (int i = 1; i < values.Length; i++)
                {
                    if (i != textIndex && !metadata.ContainsKey(names[i]))
                    {
                        metadata[names[i]] = RecordFields.ToJson(values[i]);
                    }
                }
                context.AddBytes(Kind, Encoding.UTF8.GetByteCount(text));
                string source = $"{DisplayName}#{id}";
                var document = new Document { Id = DocumentId.For(source, Query), Text = text, Source = source, Metadata = metadata };
                await context.EmitAsync(document, Kind, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static NpgsqlConnectionStringBuilder FromPostgresUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri))
        {
            throw new Wren.Runtime.WrenException($"--connection: not a valid URL: {Redact(url)}");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            string[] parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (string pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] kv = pair.Split('=', 2);
            string key = Uri.UnescapeDataString(kv[0]);
            string value = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (ArgumentException)
            {
                throw new Wren.Runtime.WrenException($"--connection: unknown PostgreSQL option '{key}'");
            }
        }
        return builder;
    }

    private static bool HasKey(string connection, string key)
    {
        foreach (string part in connection.Split(';'))
        {
            int eq = part.IndexOf('=');
            if (eq > 0 && part[..eq].Trim().Equals(key, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A connection string for messages: any password replaced.</summary>
    private static string Redact(string connection)
    {
        string s = System.Text.RegularExpressions.Regex.Replace(connection, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
        return System.Text.RegularExpressions.Regex.Replace(s, @"://([^:/@]*):[^@/]*@", "://$1:***@");
    }
}
