using System.Linq.Expressions;
using Hangfire;

namespace DigestMailer.Jobs;

public static class RecurringJobs
{
    /// <summary>Registers a recurring job under a stable id (a restart updates it instead of adding another), its cron in UTC.</summary>
    public static void AddOrUpdateUtc<TJob>(this IRecurringJobManager recurring, string id, Expression<Func<TJob, Task>> call, string cron) =>
        recurring.AddOrUpdate(id, call, cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
}
