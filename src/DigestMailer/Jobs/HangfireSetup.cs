using DigestMailer.Data;
using DigestMailer.Http;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace DigestMailer.Jobs;

public static class HangfireSetup
{
    public static void AddJobs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var connectionString = ConnectionStrings.Hangfire(builder.Configuration);
        builder.Services.AddHangfire((services, configuration) =>
        {
            var pollInterval = services.GetRequiredService<IOptions<JobsOptions>>().Value.QueuePollInterval;
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (DatabaseEngines.Of(connectionString) == DatabaseEngine.PostgreSql)
            {
                configuration.UsePostgreSqlStorage(
                    postgres => postgres.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions
                    {
                        QueuePollInterval = pollInterval,
                        // Installed at start-up under a lock instead (PrepareJobStorage): replicas that start together
                        // would otherwise install Hangfire's schema at the same time and fail (seen here).
                        PrepareSchemaIfNecessary = false,
                        // A job held by a process that died (a crash, a SIGKILL) goes back to the queue five minutes after
                        // its last sign of life, instead of the default thirty after it was fetched.
                        UseSlidingInvisibilityTimeout = true,
                        InvisibilityTimeout = TimeSpan.FromMinutes(5),
                    });
                return;
            }

            var databasePath = Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
            configuration.UseSQLiteStorage(databasePath, new SQLiteStorageOptions { QueuePollInterval = pollInterval });
        });
        builder.Services.AddHangfireServer((services, server) =>
        {
            server.WorkerCount = services.GetRequiredService<IOptions<JobsOptions>>().Value.WorkerCount;
            server.SchedulePollingInterval = TimeSpan.FromSeconds(5);
            server.ShutdownTimeout = TimeSpan.FromSeconds(10);
        });
    }

    /// <summary>
    /// Creates or upgrades Hangfire's PostgreSQL schema, one process at a time (an advisory lock in that database), before
    /// anything uses the storage. SQLite storage prepares itself.
    /// </summary>
    public static void PrepareJobStorage(this WebApplication app)
    {
        var connectionString = ConnectionStrings.Hangfire(app.Configuration);
        if (DatabaseEngines.Of(connectionString) != DatabaseEngine.PostgreSql)
        {
            return;
        }

        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection))
        {
            take.Parameters.AddWithValue("key", SchemaLock);
            take.ExecuteNonQuery();
        }

        // Closing the connection releases the lock, whatever happens in between.
        PostgreSqlObjectsInstaller.Install(connection);
    }

    // Any constant shared by every process: the advisory lock held while Hangfire's schema is installed.
    const long SchemaLock = 0x48616E67_666972;
}
