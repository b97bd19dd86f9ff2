using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.Digests;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>The hourly run sends each subscriber's digest at their own local hour, daily or weekly.</summary>
public sealed class SendTimeTests : AppTest
{
    [Fact]
    public async Task ASignUpKeepsTheChosenSendTime()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new
        {
            email = "ada@example.org",
            topics = new[] { "quantization" },
            frequency = "weekly",
            weekday = "Thursday",
            sendHour = 8,
            timeZone = "America/New_York",
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await App.WaitForAddressRequestsAsync();
        var subscriber = await App.SubscriberAsync("ada@example.org");
        Assert.Equal(("weekly", "thursday", 8, "America/New_York"), (
            subscriber.Frequency,
            subscriber.Weekday,
            subscriber.SendHour,
            subscriber.TimeZone));
    }

    [Theory]
    [InlineData("frequency", "hourly")]
    [InlineData("weekday", "funday")]
    [InlineData("weekday", "3")]
    [InlineData("sendHour", 24)]
    [InlineData("timeZone", "Mars/Olympus_Mons")]
    public async Task ABadSendTimeIs400NamingTheField(string field, object value)
    {
        var body = new Dictionary<string, object> { ["email"] = "ada@example.org", ["topics"] = new[] { "llm" }, [field] = value };

        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TheHourlyRunSendsAtTheSubscribersLocalHourOncePerDay()
    {
        await SubscribeAsync("ada@example.org", sendHour: 8, timeZone: "America/New_York");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));

        var before = await RunHourlyAsync();
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 13, 5, 0, TimeSpan.Zero));
        var atEight = await RunHourlyAsync();
        App.Clock.Advance(TimeSpan.FromHours(1));
        await App.IngestAsync(PaperBuilder.Titled("Quantization Again"));
        var laterThatDay = await RunHourlyAsync();

        Assert.Equal((0, 1, 0), (before.Planned, atEight.Sent, laterThatDay.Planned));
        Assert.Single(Digests("ada@example.org"));
    }

    [Fact]
    public async Task AWeeklyDigestWaitsForItsWeekday()
    {
        // 25 November 2026 is a Wednesday.
        await SubscribeAsync("ada@example.org", sendHour: 7, timeZone: "UTC", frequency: "weekly", weekday: "friday");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 30, 0, TimeSpan.Zero));

        var wednesday = await RunHourlyAsync();
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 7, 30, 0, TimeSpan.Zero));
        var friday = await RunHourlyAsync();

        Assert.Equal((0, 1), (wednesday.Planned, friday.Sent));
    }

    [Fact]
    public async Task ADigestDatedFarInTheFutureDoesNotSilenceTheScheduledOnes()
    {
        await SubscribeAsync("ada@example.org", sendHour: 7, timeZone: "UTC");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        // What an earlier version let an admin's typo write: a digest for 31 December 9999.
        await App.ExecuteSqlAsync(
            """
            INSERT INTO digest_runs (id, digest_date, kind, created_at, planned_at) VALUES ('typo', '9999-12-31', 'date', 0, 0);
            INSERT INTO digests (subscriber_id, digest_date, run_id, status, papers_through, created_at, items)
            SELECT id, '9999-12-31', 'typo', 'skipped', 0, 0, '[]' FROM subscribers
            """);
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 30, 0, TimeSpan.Zero));

        var run = await RunHourlyAsync();

        Assert.Equal(1, run.Sent);
    }

    [Fact]
    public async Task APausedSubscriberGetsNothingUntilResumed()
    {
        await SubscribeAsync("ada@example.org", sendHour: 7, timeZone: "UTC");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        var subscriberId = (await App.Service<DigestMailer.Subscriptions.SubscriptionStore>().FindByEmailAsync(
            new DigestMailer.Subscriptions.EmailAddress("ada@example.org", "ada@example.org"), CancellationToken.None))!.Id;
        await App.Service<DigestMailer.Subscriptions.SubscriptionStore>().SetPausedAsync(subscriberId, true, CancellationToken.None);
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 25, 7, 30, 0, TimeSpan.Zero));

        var paused = await RunHourlyAsync();
        await App.Service<DigestMailer.Subscriptions.SubscriptionStore>().SetPausedAsync(subscriberId, false, CancellationToken.None);
        var resumed = await RunHourlyAsync();

        Assert.Equal((0, 1), (paused.Planned, resumed.Sent));
    }

    [Fact]
    public async Task ASubscriberGetsAtMostTheirOwnNumberOfPapers()
    {
        await SubscribeAsync("ada@example.org", sendHour: 7, timeZone: "UTC");
        var store = App.Service<DigestMailer.Subscriptions.SubscriptionStore>();
        var subscriber = (await store.FindByEmailAsync(new DigestMailer.Subscriptions.EmailAddress("ada@example.org", "ada@example.org"), CancellationToken.None))!;
        await store.UpdatePreferencesAsync(subscriber.Id, new DigestMailer.Subscriptions.Interests(subscriber.Topics, subscriber.Trending), subscriber.Schedule, 2, CancellationToken.None);
        await App.IngestAsync(PaperBuilder.Titled("Quantization A"), PaperBuilder.Titled("Quantization B"), PaperBuilder.Titled("Quantization C"));

        await App.RunDigestAsync("2026-11-25");

        Assert.StartsWith("2 new papers", Digests("ada@example.org").Single().Subject, StringComparison.Ordinal);
    }

    Task SubscribeAsync(string email, int sendHour, string timeZone, string frequency = "daily", string weekday = "monday") =>
        App.SubscribeAsync(new Signup(email, ["quantization"]) { SendHour = sendHour, TimeZone = timeZone, Frequency = frequency, Weekday = weekday });

    /// <summary>What the recurring job does each hour: a 'due' run, followed until its digests are out.</summary>
    async Task<RunStatus> RunHourlyAsync()
    {
        var runs = App.Service<DigestRuns>();
        var runId = await runs.CreateAsync(null, CancellationToken.None);
        await App.Service<PlanDigestsJob>().RunAsync(runId, CancellationToken.None);
        return await App.WaitForRunAsync(runId);
    }

    List<MimeMessage> Digests(string email) =>
        App.Inbox.To(email).Where(m => m.Headers.Contains(HeaderId.ListUnsubscribe)).ToList();
}
