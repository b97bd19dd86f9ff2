using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace DigestMailer.Data;

/// <summary>Opens connections to the application database, configured the same way every time.</summary>
public sealed class DbConnectionFactory
{
    public DbConnectionFactory(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy database for this long before it gives up.
            DefaultTimeout = 30,
        };
        ConnectionString = builder.ToString();
        DatabasePath = builder.DataSource;
    }

    public string ConnectionString { get; }

    public string DatabasePath { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        // NORMAL is durable in WAL mode except for the last transactions on power loss, and much faster than FULL.
        // busy_timeout lets SQLite itself wait for a lock in short steps; without it Microsoft.Data.Sqlite retries
        // a busy database by sleeping 150 ms at a time, which stalls concurrent send-batch jobs (measured).
        pragma.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
