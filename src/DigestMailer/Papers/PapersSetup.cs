using DigestMailer.Jobs;
using DigestMailer.Papers.Sources;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Papers;

public static class PapersSetup
{
    /// <summary>Papers and their ingest from the sources, hourly and at a new install's first start.</summary>
    public static IServiceCollection AddPapers(this IServiceCollection services)
    {
        services.AddValidatedOptions<SourcesOptions>(SourcesOptions.Section);
        services.AddValidatedOptions<TrendingOptions>(TrendingOptions.Section);
        services.AddSingleton<PaperStore>();
        services.AddSingleton<TrendingPapers>();
        services.AddSingleton<IngestRuns>();
        services.AddTransient<IngestPapersJob>();
        services.AddSourceClients();
        services.AddHostedService<FirstStartIngest>();
        return services;
    }

    public static void ScheduleIngest(this IRecurringJobManager recurring, IServiceProvider services) =>
        recurring.AddOrUpdateUtc<IngestPapersJob>(
            IngestPapersJob.RecurringJobId,
            job => job.RunScheduledAsync(CancellationToken.None),
            services.GetRequiredService<IOptions<SourcesOptions>>().Value.Schedule);
}
