using DigestMailer.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Bounces;

public static class BouncesSetup
{
    /// <summary>Delivery reports: read from the bounce mailbox on a schedule, or posted to the admin API.</summary>
    public static IServiceCollection AddBounces(this IServiceCollection services)
    {
        services.AddValidatedOptions<BouncesOptions>(BouncesOptions.Section);
        services.AddSingleton<BounceStore>();
        services.AddSingleton<BounceProcessor>();
        services.AddTransient<ReadBounceMailboxJob>();
        return services;
    }

    public static void ScheduleBounceMailbox(this IRecurringJobManager recurring, IServiceProvider services)
    {
        var imap = services.GetRequiredService<IOptions<BouncesOptions>>().Value.Imap;
        if (imap.Enabled)
        {
            recurring.AddOrUpdateUtc<ReadBounceMailboxJob>(ReadBounceMailboxJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), imap.Schedule);
        }
        else
        {
            // Switched off since the last start: the job must not keep running with settings that are gone.
            recurring.RemoveIfExists(ReadBounceMailboxJob.RecurringJobId);
        }
    }
}
