using DigestMailer.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigestMailer.Tests.Infrastructure;

/// <summary>A migrated database of its own: an SQLite file in a temporary folder, or a PostgreSQL database; removed afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    readonly string? directory;
    readonly string connectionString;

    public TestDatabase(DatabaseEngine engine = DatabaseEngine.Sqlite)
    {
        if (engine == DatabaseEngine.PostgreSql)
        {
            TestPostgres.SkipUnlessConfigured();
            connectionString = TestPostgres.CreateDatabase();
        }
        else
        {
            directory = Path.Combine(Path.GetTempPath(), "digestmailer-unit", Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            connectionString = $"Data Source={Path.Combine(directory, "test.db")}";
        }

        Connections = new DbConnectionFactory(connectionString);
        new DatabaseMigrator(Connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
        Matcher = DigestMailer.Topics.TopicMatcher.For(engine);
    }

    public DbConnectionFactory Connections { get; }

    /// <summary>The full-text matcher of this database's engine.</summary>
    public DigestMailer.Topics.TopicMatcher Matcher { get; }

    public void Dispose()
    {
        Connections.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (directory is null)
        {
            TestPostgres.DropDatabase(connectionString);
            return;
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
