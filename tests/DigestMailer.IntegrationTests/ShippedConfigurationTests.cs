using System.Text.Json;
using System.Text.Json.Nodes;
using Cronos;
using DigestMailer.Digests;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Papers;
using Hangfire;
using Hangfire.Storage;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// The host as it ships (Production, its own appsettings.json, the options' defaults), with only its databases, its
/// mail and its paper sources kept inside the test. What these tests see is what a new install does.
/// </summary>
public sealed class ShippedConfigurationTests : IAsyncLifetime
{
    static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    FakeSources sources = null!;
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync()
    {
        sources = await FakeSources.StartAsync();
        sources.On("/api/daily_papers", "", Reply.File("hf_daily_papers.json"));
        sources.On("/api/query", "", Reply.File("arxiv_query.atom"));
        sources.On("/rss/cs.LG", "", Reply.File("arxiv_rss_math.OC.xml"));
        sources.On("/rss/cs.CL", "", Reply.File("arxiv_rss_math.OC.xml"));
        app = await DigestMailerApp.StartAsShippedAsync(sources.BaseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await sources.DisposeAsync();
    }

    [Fact]
    public void TheShippedHostPlansEveryHourAndIngestsAQuarterOfAnHourBefore()
    {
        var jobs = RecurringJobs();

        Assert.Equal(("0 * * * *", "UTC"), (jobs[PlanDigestsJob.RecurringJobId].Cron, jobs[PlanDigestsJob.RecurringJobId].TimeZoneId));
        Assert.Equal(("45 * * * *", "UTC"), (jobs[IngestPapersJob.RecurringJobId].Cron, jobs[IngestPapersJob.RecurringJobId].TimeZoneId));
    }

    [Fact]
    public async Task ANewInstallIngestsAtOnceInsteadOfWaitingForTheSchedule()
    {
        await FirstIngestFinishedAsync();

        var run = (await app.QuerySqlAsync<(string Trigger, long Inserted)>("SELECT trigger, inserted FROM ingest_runs")).Single();
        Assert.True(run.Inserted > 0, $"The start-up ingest stored no paper: {run}");
        Assert.True(await app.Service<PaperStore>().AnyAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ADailySubscriberAtSixInTheEveningBerlinTimeGetsOneDigestEachLocalDayAtThatHour()
    {
        await FirstIngestFinishedAsync();
        await app.SubscribeAsync(new Signup("ada@example.org", ["quantization"]) { SendHour = 18, TimeZone = "Europe/Berlin" });
        var schedule = CronExpression.Parse(RecurringJobs()[PlanDigestsJob.RecurringJobId].Cron);
        var start = app.Clock.GetUtcNow();

        var day = 0;
        foreach (var occurrence in schedule.GetOccurrences(start, start.AddDays(7), TimeZoneInfo.Utc, fromInclusive: false))
        {
            app.Clock.SetUtcNow(occurrence);
            if (occurrence.Hour == 12)
            {
                await StoreAsync(PaperBuilder.Titled($"Quantization, day {++day}"));
            }

            // What the recurring job runs at each occurrence of its shipped schedule.
            await app.Service<PlanDigestsJob>().RunScheduledAsync(CancellationToken.None);
            // An hour passes between two runs: what one run planned is out before the clock moves on.
            await Eventually.HoldsAsync(
                async () => (await app.QuerySqlAsync<long>("SELECT COUNT(*) FROM digests WHERE status IN ('pending', 'sending')")) is [0],
                $"the digests planned at {occurrence:u} were sent");
        }

        var digests = await app.QuerySqlAsync<(string DigestDate, long CreatedAt)>("SELECT digest_date, created_at FROM digests ORDER BY digest_date");
        Assert.Equal(7, digests.Select(d => d.DigestDate).Distinct().Count());
        Assert.All(digests, d => Assert.Equal(18, TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(d.CreatedAt), Berlin).Hour));
        var mails = await app.Inbox.WaitForAsync("ada@example.org", 1 + 7);
        Assert.Equal(7, mails.Count(m => m.Headers.Contains(HeaderId.ListUnsubscribe)));
    }

    /// <summary>Straight to the store: the shipped host has no admin key, so its admin API is closed.</summary>
    async Task StoreAsync(PaperBuilder paper)
    {
        var parsed = HuggingFacePaperParser.Parse(JsonSerializer.SerializeToElement(new JsonArray(paper.ToJson())));
        await app.Service<PaperStore>().UpsertAsync(parsed.Papers, CancellationToken.None);
    }

    Dictionary<string, RecurringJobDto> RecurringJobs()
    {
        using var connection = app.Service<JobStorage>().GetConnection();
        return connection.GetRecurringJobs().ToDictionary(job => job.Id);
    }

    /// <summary>The start-up ingest runs beside the test's own steps; waiting for it keeps the clock the test's alone.</summary>
    async Task FirstIngestFinishedAsync() => await Eventually.HoldsAsync(
        async () => (await app.QuerySqlAsync<string>("SELECT status FROM ingest_runs")) is [not "running"],
        "the start-up ingest run finished");
}
