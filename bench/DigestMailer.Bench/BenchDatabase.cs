using DigestMailer.Data;
using Npgsql;

namespace DigestMailer.Bench;

/// <summary>
/// Where a scenario keeps its data: SQLite files in its temporary folder, or, with DIGESTMAILER_BENCH_POSTGRES set to a
/// PostgreSQL server's connection string (tests/scripts/start-postgres.sh prints one), a fresh database of its own on
/// that server, for the application and Hangfire alike, dropped when the scenario ends.
/// </summary>
static class BenchDatabase
{
    public const string ServerVariable = "DIGESTMAILER_BENCH_POSTGRES";

    static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    public static DatabaseEngine Engine => Server is null ? DatabaseEngine.Sqlite : DatabaseEngine.PostgreSql;

    public static (string Application, string Jobs) Create(string folder)
    {
        if (Server is not { } server)
        {
            return ($"Data Source={Path.Combine(folder, "digestmailer.db")}", $"Data Source={Path.Combine(folder, "hangfire.db")}");
        }

        var name = "digestmailer_bench_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            create.ExecuteNonQuery();
        }

        var database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        return (database, database);
    }

    public static void Drop(string connectionString)
    {
        if (Server is not { } server || DatabaseEngines.Of(connectionString) != DatabaseEngine.PostgreSql)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }
}
