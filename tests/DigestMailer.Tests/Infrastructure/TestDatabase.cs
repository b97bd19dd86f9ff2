using DigestMailer.Data;
using Microsoft.Extensions.Logging.Abstractions;

namespace DigestMailer.Tests.Infrastructure;

/// <summary>A migrated SQLite file in a temporary folder, deleted afterwards.</summary>
public sealed class TestDatabase : IDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), "digestmailer-unit", Guid.NewGuid().ToString("N"));

    public TestDatabase()
    {
        Directory.CreateDirectory(directory);
        Connections = new DbConnectionFactory($"Data Source={Path.Combine(directory, "test.db")}");
        new DatabaseMigrator(Connections, NullLogger<DatabaseMigrator>.Instance).Migrate();
    }

    public DbConnectionFactory Connections { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
