using Npgsql;
using Wren.Data.Sources;

namespace Wren.Data.Tests.Sources;

/// <summary>
/// Reads rows from a real PostgreSQL server. The server is the one <c>./test.sh</c> starts on loopback
/// (role and database <c>wren</c>, password <c>wren</c>), or the one <c>WREN_TEST_POSTGRES</c> names. Where no
/// server answers the test is skipped with the reason (and ./test.sh fails on the skip).
/// </summary>
public sealed class PostgresSqlSourceTests
{
    // A generous connect timeout: on a loaded machine a local server has been seen to take over 5 s to answer.
    private const string DefaultConnection = "Host=127.0.0.1;Username=wren;Password=wren;Database=wren;Timeout=60";

    private static string ConnectionString => Environment.GetEnvironmentVariable("WREN_TEST_POSTGRES") is { Length: > 0 } s ? s : DefaultConnection;

    [SkippableFact]
    public async Task RowsOfAPostgresQueryBecomeDocumentsThroughAConnectionStringAndAUrl()
    {
        NpgsqlConnection connection = await ConnectOrSkipAsync();
        string table = "wren_test_tickets_" + Guid.NewGuid().ToString("N")[..8];
        await using (connection)
        {
            await ExecuteAsync(connection, $"CREATE TABLE {table} (id integer PRIMARY KEY, body text, priority text, opened timestamptz)");
            try
            {
                await ExecuteAsync(connection, $"INSERT INTO {table} VALUES (1, 'Printer on floor 3 is jammed again.', 'low', '2003-03-10 09:00:00+00'), " +
                    $"(2, 'VPN drops every ten minutes since the update.', 'high', '2003-03-11 10:30:00+00'), (3, NULL, 'low', NULL)");

                var options = new SourceOptions { Sql = $"SELECT id, body, priority, opened FROM {table} ORDER BY id", Connection = ConnectionString };
                var (docs, errors, sources) = await SampleData.ReadAsync([], options);
                Assert.Empty(errors);
                Assert.Equal(2, docs.Count); // the NULL body row has no text
                Assert.Equal("Printer on floor 3 is jammed again.", docs[0].Text);
                Assert.Equal(2, docs[1].Metadata["record_id"]!.GetValue<long>());
                Assert.Equal("high", docs[1].Metadata["priority"]!.GetValue<string>());
                Assert.StartsWith("2003-03-11T10:30:00", docs[1].Metadata["opened"]!.GetValue<string>());
                Assert.StartsWith("postgresql://", docs[0].Source);
                Assert.EndsWith("#1", docs[0].Source);
                Assert.DoesNotContain("Password", docs[0].Source, StringComparison.OrdinalIgnoreCase);
                Assert.Equal(2, Assert.Single(sources.Statistics, s => s.Format == "postgresql").Documents);

                var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
                string url = $"postgres://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password ?? "")}@{builder.Host}:{builder.Port}/{builder.Database}";
                var (viaUrl, urlErrors, _) = await SampleData.ReadAsync([], options with { Connection = url });
                Assert.Empty(urlErrors);
                Assert.Equal(docs.Select(d => d.Id), viaUrl.Select(d => d.Id)); // same source, same ids
            }
            finally
            {
                await ExecuteAsync(connection, $"DROP TABLE IF EXISTS {table}");
            }
        }
    }

    [Fact]
    public async Task AnUnreachableServerIsReportedAsAnErrorNotACrash()
    {
        var options = new SourceOptions { Sql = "SELECT 1, 'x'", Connection = "Host=127.0.0.1;Port=1;Username=nobody;Password=secret;Database=none;Timeout=2" };
        var (docs, errors, _) = await SampleData.ReadAsync([], options);
        Assert.Empty(docs);
        var error = Assert.Single(errors);
        Assert.Contains("cannot connect to postgresql://127.0.0.1:1/none", error.Error);
        Assert.DoesNotContain("secret", error.Error);
    }

    private static async Task<NpgsqlConnection> ConnectOrSkipAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new SkipException($"no PostgreSQL server answers at {new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }} " +
                $"(./test.sh starts one as root; or set WREN_TEST_POSTGRES): {e.Message}");
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
