namespace DigestMailer.Testing;

/// <summary>
/// Where a test host keeps its data: SQLite files in its own folder, or, with DIGESTMAILER_TEST_ENGINE=postgresql, a
/// PostgreSQL database of its own named after that folder (on the server DIGESTMAILER_TEST_POSTGRES names), for the
/// application and for Hangfire. The one switch that runs the whole suite on the other engine.
/// </summary>
public static class TestStorage
{
    public const string EngineVariable = "DIGESTMAILER_TEST_ENGINE";

    public static bool OnPostgres =>
        string.Equals(Environment.GetEnvironmentVariable(EngineVariable), "postgresql", StringComparison.OrdinalIgnoreCase);

    public static (string Application, string Jobs) ConnectionStrings(string dataDirectory)
    {
        if (OnPostgres)
        {
            var database = TestPostgres.DatabaseFor(dataDirectory);
            return (database, database);
        }

        return ($"Data Source={Path.Combine(dataDirectory, "digestmailer.db")}", $"Data Source={Path.Combine(dataDirectory, "hangfire.db")}");
    }

    /// <summary>Removes what <see cref="ConnectionStrings"/> made, and the folder.</summary>
    public static void Remove(string dataDirectory)
    {
        if (OnPostgres)
        {
            TestPostgres.DropDatabaseFor(dataDirectory);
        }

        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean from the temp folder.
        }
    }
}
