using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Wren.Samples.Generator.Records;

/// <summary>Writes <c>support.db</c> with Microsoft.Data.Sqlite: <c>tickets(id INTEGER PRIMARY KEY, subject TEXT, body TEXT, created TEXT)</c>.</summary>
public static class SupportDbWriter
{
    public static void Write(string path, IReadOnlyList<MailExcerpt> tickets)
    {
        File.Delete(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using (var connection = new SqliteConnection(builder.ToString()))
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = DELETE;");
            Execute(connection, "CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT, body TEXT, created TEXT);");
            Execute(connection, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");
            using (SqliteTransaction transaction = connection.BeginTransaction())
            {
                using SqliteCommand insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO tickets (id, subject, body, created) VALUES ($id, $subject, $body, $created);";
                SqliteParameter id = insert.Parameters.Add("$id", SqliteType.Integer);
                SqliteParameter subject = insert.Parameters.Add("$subject", SqliteType.Text);
                SqliteParameter body = insert.Parameters.Add("$body", SqliteType.Text);
                SqliteParameter created = insert.Parameters.Add("$created", SqliteType.Text);
                for (int i = 0; i < tickets.Count; i++)
                {
                    id.Value = 5001 + i;
                    subject.Value = tickets[i].Subject;
                    body.Value = tickets[i].Body;
                    created.Value = tickets[i].Date.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    insert.ExecuteNonQuery();
                }

                using SqliteCommand customers = connection.CreateCommand();
                customers.Transaction = transaction;
                customers.CommandText = "INSERT INTO customers (name) VALUES ($name);";
                SqliteParameter name = customers.Parameters.Add("$name", SqliteType.Text);
                foreach (string sender in tickets.Select(t => t.Sender).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    name.Value = sender;
                    customers.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            Execute(connection, "VACUUM;");
        }

        SqliteConnection.ClearAllPools();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
