using DigestMailer.Admin;
using DigestMailer.Bounces;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Http;
using DigestMailer.Papers;
using DigestMailer.Papers.Sources;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

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
                    new PostgreSqlStorageOptions { QueuePollInterval = pollInterval, PrepareSchemaIfNecessary = true });
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

    /// <summary>Registers the recurring jobs under stable ids, so a restart updates them instead of adding more.</summary>
    public static void ScheduleRecurringJobs(this WebApplication app)
    {
        var digest = app.Services.GetRequiredService<IOptions<DigestOptions>>().Value;
        var sources = app.Services.GetRequiredService<IOptions<SourcesOptions>>().Value;
        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.AddOrUpdate<IngestPapersJob>(
            IngestPapersJob.RecurringJobId,
            job => job.RunScheduledAsync(CancellationToken.None),
            sources.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<PlanDigestsJob>(
            PlanDigestsJob.RecurringJobId,
            job => job.RunScheduledAsync(CancellationToken.None),
            digest.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        var bounces = app.Services.GetRequiredService<IOptions<BouncesOptions>>().Value.Imap;
        if (bounces.Enabled)
        {
            recurring.AddOrUpdate<ReadBounceMailboxJob>(
                ReadBounceMailboxJob.RecurringJobId,
                job => job.RunAsync(CancellationToken.None),
                bounces.Schedule,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            // Switched off since the last start: the job must not keep running with settings that are gone.
            recurring.RemoveIfExists(ReadBounceMailboxJob.RecurringJobId);
        }
    }

    public static IEndpointConventionBuilder MapDashboard(this WebApplication app)
    {
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var dashboard = app.MapHangfireDashboard(ApiKeyAuthenticationHandler.DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(admin.Enabled)],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }).WithContentSecurityPolicy(ContentSecurityPolicy.Dashboard);
        if (admin.Enabled)
        {
            dashboard.RequireAuthorization(AdminApi.Policy);
        }

        return dashboard;
    }
}
