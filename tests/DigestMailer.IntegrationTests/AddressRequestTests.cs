using System.Net.Http.Json;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Sign-ups and lost-link requests are answered once received and applied by <see cref="AddressRequestProcessor"/> afterwards. Here the host runs
/// without its processor, and each test takes the processor's steps itself.
/// </summary>
public sealed class AddressRequestTests : AppTest
{
    AddressRequestProcessor processor = null!;

    public override async ValueTask InitializeAsync()
    {
        App = await DigestMailerApp.StartWithoutAsync<AddressRequestProcessor>();
        processor = ActivatorUtilities.CreateInstance<AddressRequestProcessor>(App.Services);
    }

    [Fact]
    public async Task AnAddressesSignupsAreAppliedInTurnOldestFirstAndEachOnlyOnce()
    {
        await PostSignupAsync("ada@example.org", "diffusion models");
        await PostSignupAsync("ada@example.org", "quantization");

        var passes = (await processor.ApplyBatchAsync(CancellationToken.None), await processor.ApplyBatchAsync(CancellationToken.None),
            await processor.ApplyBatchAsync(CancellationToken.None));

        Assert.Equal((1, 1, 0), passes);
        // Still pending, so the later sign-up's topics replaced the earlier ones'.
        Assert.Equal(["quantization"], (await App.SubscriberAsync("ada@example.org")).Topics);
        Assert.Single(await App.Inbox.WaitForAsync("ada@example.org"));
    }

    [Fact]
    public async Task AFailedSignupIsRetriedLaterAndTheAddressesNextSignupWaitsForIt()
    {
        await RefuseTopicAsync("poison");
        await PostSignupAsync("ada@example.org", "poison");
        await PostSignupAsync("ada@example.org", "quantization");
        await PostSignupAsync("bob@example.org", "quantization");

        var first = await processor.ApplyBatchAsync(CancellationToken.None);
        await App.ExecuteSqlAsync("DROP TRIGGER refuse_topic" + (Postgres ? " ON subscriber_topics" : ""));
        var beforeItsTime = await processor.ApplyBatchAsync(CancellationToken.None);
        App.Clock.Advance(AddressRequestProcessor.RetryDelay(1));
        var retried = await processor.ApplyBatchAsync(CancellationToken.None);
        var next = await processor.ApplyBatchAsync(CancellationToken.None);

        // Bob's went through at once; Ada's second waited for her first, so the later choice is the one kept.
        Assert.Equal((1, 0, 1, 1), (first, beforeItsTime, retried, next));
        Assert.Equal(["quantization"], (await App.SubscriberAsync("ada@example.org")).Topics);
        Assert.Equal("pending", (await App.SubscriberAsync("bob@example.org")).Status);
    }

    [Fact]
    public async Task ASignupThatKeepsFailingIsLeftAfterTenTriesAndNoLongerHoldsUpItsAddress()
    {
        await RefuseTopicAsync("poison");
        await PostSignupAsync("ada@example.org", "poison");
        await PostSignupAsync("ada@example.org", "quantization");

        for (var attempt = 1; attempt <= AddressRequestProcessor.MaxAttempts; attempt++)
        {
            Assert.Equal(0, await processor.ApplyBatchAsync(CancellationToken.None));
            App.Clock.Advance(AddressRequestProcessor.RetryDelay(attempt));
        }

        var afterGivingUp = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal(1, afterGivingUp);
        Assert.Equal(["quantization"], (await App.SubscriberAsync("ada@example.org")).Topics);
        Assert.Equal([10L], await App.QuerySqlAsync<long>("SELECT attempts FROM address_requests"));
    }

    [Fact]
    public async Task RetriesWaitFiveSecondsDoublingUpToAnHour()
    {
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(42) + TimeSpan.FromSeconds(40), TimeSpan.FromHours(1)],
            new[] { 1, 2, 3, 10, 11 }.Select(AddressRequestProcessor.RetryDelay));
    }

    [Fact]
    public async Task AReceivedSignupThatNoLongerValidatesIsDroppedWithoutTouchingAnySubscriber()
    {
        // As an older version could have stored it: an address today's rules refuse.
        await App.ExecuteSqlAsync(
            """
            INSERT INTO address_requests (received_at, address_key, kind, payload) VALUES (0, 'ada@example.org', 'signup',
              '{"Email":"-ada@example.org","Topics":["quantization"],"Trending":false,"Frequency":"daily","Weekday":"Monday","SendHour":7,"TimeZone":"UTC","Likes":[]}')
            """);

        var taken = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal(1, taken);
        Assert.Empty(await App.QuerySqlAsync<long>("SELECT id FROM address_requests"));
        Assert.Empty(await App.QuerySqlAsync<long>("SELECT id FROM subscribers"));
    }

    [Fact]
    public async Task ALostLinkRequestIsAnsweredOnceReceivedDoingTheSameWorkForAKnownAddressAsForAnUnknownOne()
    {
        await PostSignupAsync("ada@example.org", "quantization");
        await processor.ApplyBatchAsync(CancellationToken.None);
        var confirmation = await App.Inbox.WaitForAsync("ada@example.org");
        var (browser, antiforgery) = await App.BrowserAsync();

        var known = await PostLostLinkAsync(browser, antiforgery, "ada@example.org");
        var unknown = await PostLostLinkAsync(browser, antiforgery, "bob@example.org");
        var received = await App.QuerySqlAsync<(string, string)>("SELECT kind, payload FROM address_requests ORDER BY id");
        var outboxWhenAnswered = await App.QuerySqlAsync<long>("SELECT COUNT(*) FROM mail_outbox");
        var taken = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal(known.Replace("ada", "bob", StringComparison.Ordinal), unknown);
        Assert.Equal([("preferences-link", "ada@example.org"), ("preferences-link", "bob@example.org")], received);
        Assert.Equal([1L], outboxWhenAnswered);
        Assert.Equal(2, taken);
        Assert.Equal(2, (await App.Inbox.WaitForAsync("ada@example.org", 2)).Count);
        await App.WaitUntilNothingIsLeftToSendAsync();
        Assert.Empty(App.Inbox.To("bob@example.org"));
        Assert.Single(confirmation);
    }

    [Fact]
    public async Task ASubscriberStartsWhenItsSignupIsAppliedNotWhenItWasReceived()
    {
        // Links issued before a subscriber's row existed must not open it (SQLite reuses a deleted subscriber's id).
        await PostSignupAsync("ada@example.org", "quantization");
        App.Clock.Advance(TimeSpan.FromMinutes(30));

        await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal([App.Clock.GetUtcNow().ToUnixTimeMilliseconds()], await App.QuerySqlAsync<long>("SELECT created_at FROM subscribers"));
    }

    [Fact]
    public async Task AReceivedSignupThatCannotBeReadIsDroppedAtOnce()
    {
        await App.ExecuteSqlAsync("INSERT INTO address_requests (received_at, address_key, kind, payload) VALUES (0, 'ada@example.org', 'signup', 'not a sign-up')");

        var taken = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal(1, taken);
        Assert.Empty(await App.QuerySqlAsync<long>("SELECT id FROM address_requests"));
    }

    bool Postgres => App.Service<DbConnectionFactory>().Engine == DatabaseEngine.PostgreSql;

    /// <summary>Makes the database refuse a topic, as a fault would: applying a sign-up with it fails.</summary>
    async Task RefuseTopicAsync(string topic)
    {
        if (Postgres)
        {
            await App.ExecuteSqlAsync(
                $"""
                CREATE FUNCTION refuse_topic() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER refuse_topic BEFORE INSERT ON subscriber_topics FOR EACH ROW WHEN (NEW.topic = '{topic}') EXECUTE FUNCTION refuse_topic();
                """);
        }
        else
        {
            await App.ExecuteSqlAsync(
                $"CREATE TRIGGER refuse_topic BEFORE INSERT ON subscriber_topics WHEN NEW.topic = '{topic}' BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }
    }

    static async Task<string> PostLostLinkAsync(HttpClient browser, string antiforgery, string email)
    {
        var response = await browser.PostAsync("/preferences/lost", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = email,
            ["__RequestVerificationToken"] = antiforgery,
        }));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    async Task PostSignupAsync(string email, string topic) =>
        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email, topics = new[] { topic } })).EnsureSuccessStatusCode();
}
