using Npgsql;

namespace DigestMailer.Testing;

/// <summary>
/// The PostgreSQL server the PostgreSQL tests run against, named by DIGESTMAILER_TEST_POSTGRES (a connection string to
/// its maintenance database; tests/scripts/start-postgres.sh starts one and prints it). Each test gets a database of
/// its own, dropped afterwards. Without the variable these tests are skipped, unless DIGESTMAILER_TEST_REQUIRE_POSTGRES
/// is set (as CI does), where a missing server fails them instead.
/// </summary>
public static class TestPostgres
{
    public const string ServerVariable = "DIGESTMAILER_TEST_POSTGRES";
    public const string RequiredVariable = "DIGESTMAILER_TEST_REQUIRE_POSTGRES";

    static string? Server => Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server ? server : null;

    /// <summary>Skips the calling test when no server is configured and none is required.</summary>
    public static void SkipUnlessConfigured()
    {
        if (Server is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable(RequiredVariable)))
        {
            Assert.Skip($"PostgreSQL tests need {ServerVariable} (tests/scripts/start-postgres.sh prints it).");
        }
    }

    /// <returns>The connection string of a new, empty database.</returns>
    public static string CreateDatabase() => DatabaseNamed("digestmailer_test_" + Guid.NewGuid().ToString("N"));

    /// <summary>The database of a test host's data folder (named after it), created empty the first time.</summary>
    public static string DatabaseFor(string dataDirectory) => DatabaseNamed(NameFor(dataDirectory));

    /// <summary>Drops the database of a test host's data folder, if there is one.</summary>
    public static void DropDatabaseFor(string dataDirectory) => DropDatabaseNamed(NameFor(dataDirectory));

    static string NameFor(string dataDirectory) =>
        "digestmailer_test_" + new string([.. Path.GetFileName(dataDirectory).ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    static string DatabaseNamed(string name)
    {
        var server = Server ?? throw new InvalidOperationException($"No PostgreSQL server to test on: set {ServerVariable} (tests/scripts/start-postgres.sh prints it).");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", name);
            if ((long)exists.ExecuteScalar()! == 0)
            {
                using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
                create.ExecuteNonQuery();
            }
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string connectionString) => DropDatabaseNamed(new NpgsqlConnectionStringBuilder(connectionString).Database!);

    static void DropDatabaseNamed(string name)
    {
        NpgsqlConnection.ClearAllPools();
        using var connection = new NpgsqlConnection(Server);
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }
}
