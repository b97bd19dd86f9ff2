using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DigestMailer.Data;

/// <summary>Opens connections to the application database, configured the same way every time.</summary>
public sealed class DbConnectionFactory : IAsyncDisposable
{
    readonly NpgsqlDataSource? postgres;

    // Every store reaches the database through this class, whoever builds it (the host, a command, the bench, a
    // test), so the instant handler is registered here, once, before the first query.
    static DbConnectionFactory() => UnixMsTypeHandler.Register();

    public DbConnectionFactory(string connectionString)
    {
        Engine = DatabaseEngines.Of(connectionString);
        Lists = new SqlList(Engine);
        if (Engine == DatabaseEngine.PostgreSql)
        {
            postgres = NpgsqlDataSource.Create(connectionString);
            ConnectionString = connectionString;
            return;
        }

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

    public DatabaseEngine Engine { get; }

    /// <summary>How this database takes a list of values as one parameter.</summary>
    public SqlList Lists { get; }

    public string ConnectionString { get; }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? DatabasePath { get; }

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (postgres is not null)
        {
            return await postgres.OpenConnectionAsync(cancellationToken);
        }

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

    public async ValueTask DisposeAsync()
    {
        if (postgres is not null)
        {
            await postgres.DisposeAsync();
        }
    }
}
