using DigestMailer.Jobs;
using DigestMailer.Subscriptions;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

public static class DigestsSetup
{
    /// <summary>
    /// Planning at each subscriber's hour, the ledger, the send jobs, the digest mail and its web view, the subscriber's
    /// feed and the delivery status the preferences page shows.
    /// </summary>
    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddValidatedOptions<DigestOptions>(DigestOptions.Section);
        services.AddSingleton<DigestRuns>();
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<DigestLedger>();
        services.AddSingleton<DigestHistory>();
        services.AddSingleton<IDeliveryStatusSource, DeliveryStatusSource>();
        services.AddSingleton<PlanningStore>();
        services.AddSingleton<DistinctTopicMatching>();
        services.AddSingleton<DigestPlanner>();
        services.AddSingleton<DigestMail>();
        services.AddTransient<PlanDigestsJob>();
        services.AddTransient<SendBatchJob>();
        services.AddHostedService<UnplannedRunsRecovery>();
        return services;
    }

    public static void SchedulePlanning(this IRecurringJobManager recurring, IServiceProvider services) =>
        recurring.AddOrUpdateUtc<PlanDigestsJob>(
            PlanDigestsJob.RecurringJobId,
            job => job.RunScheduledAsync(CancellationToken.None),
            services.GetRequiredService<IOptions<DigestOptions>>().Value.Schedule);
}
