using DbUp;
using Microsoft.Data.Sqlite;

namespace DigestMailer.Data;

/// <summary>Brings the schema up to date from the numbered scripts in Data/Migrations before the host starts.</summary>
public sealed class DatabaseMigrator(DbConnectionFactory connections, ILogger<DatabaseMigrator> logger)
{
    public void Migrate()
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(connections.DatabasePath));
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

        var upgrader = DeployChanges.To
            .SqliteDatabase(connections.ConnectionString)
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Data.Migrations.", StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogToNowhere()
            .Build();

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
}
