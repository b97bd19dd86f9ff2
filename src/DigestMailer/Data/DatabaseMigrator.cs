using Dapper;
using DbUp;
using DbUp.Engine;
using Microsoft.Data.Sqlite;

namespace DigestMailer.Data;

/// <summary>
/// Brings the schema up to date before the host starts, from the numbered scripts of the engine in use:
/// Data/Migrations/*.sql for SQLite, Data/Migrations/PostgreSql/*.sql for PostgreSQL.
/// </summary>
public sealed class DatabaseMigrator(DbConnectionFactory connections, ILogger<DatabaseMigrator> logger)
{
    const string SqliteScripts = ".Data.Migrations.";
    const string PostgreSqlScripts = ".Data.Migrations.PostgreSql.";

    // Any constant shared by every process: the key of the PostgreSQL advisory lock taken while migrating.
    const long MigrationLock = 0x44696765_73744D;

    public void Migrate()
    {
        if (connections.Engine == DatabaseEngine.PostgreSql)
        {
            // Processes started together (replicas of one deployment) migrate one after another: the first applies
            // the scripts, the others then find nothing left to do.
            using var connection = connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
            connection.Execute("SELECT pg_advisory_lock(@key)", new { key = MigrationLock });
            try
            {
                Upgrade(PostgreSql());
            }
            finally
            {
                connection.Execute("SELECT pg_advisory_unlock(@key)", new { key = MigrationLock });
            }

            return;
        }

        Upgrade(Sqlite());
    }

    void Upgrade(UpgradeEngine upgrader)
    {
        var result = upgrader.PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Database migration failed in script '{result.ErrorScript?.Name}'.", result.Error);
        }

        foreach (var script in result.Scripts)
        {
            logger.LogInformation("Applied migration {Script}", script.Name);
        }
    }

    UpgradeEngine PostgreSql() => DeployChanges.To
        .PostgresqlDatabase(connections.ConnectionString)
        .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(PostgreSqlScripts, StringComparison.Ordinal))
        .WithTransactionPerScript()
        .LogToNowhere()
        .Build();

    UpgradeEngine Sqlite()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(connections.DatabasePath!));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using (var connection = new SqliteConnection(connections.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            // WAL lets readers (pages, API) run while a digest batch writes; the setting is stored in the file.
            command.CommandText = "PRAGMA journal_mode = WAL;";
            command.ExecuteNonQuery();
        }

        return DeployChanges.To
            .SqliteDatabase(connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(
                typeof(DatabaseMigrator).Assembly,
                name => name.Contains(SqliteScripts, StringComparison.Ordinal) && !name.Contains(PostgreSqlScripts, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();
    }
}
