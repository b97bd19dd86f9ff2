using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>The day's trending papers: the sign-up offer, the ledger, the mail's own section, through the real host.</summary>
public sealed class TrendingTests : AppTest
{
    static PaperBuilder Voted(string title, int upvotes) => PaperBuilder.Titled(title).WithAbstract($"About {title.ToLowerInvariant()}.").WithUpvotes(upvotes);

    [Fact]
    public async Task ASubscriberMayAskForTrendingPapersAlone()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Trending = true });

        var subscriber = await App.SubscriberAsync("ada@example.org");
        Assert.Equal("active", subscriber.Status);
        Assert.True(subscriber.Trending);
        Assert.Empty(subscriber.Topics);
    }

    [Fact]
    public async Task ASignupWithNeitherTopicsNorTrendingIsRefusedNamingBothFields()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = Array.Empty<string>(), trending = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("topics", out _));
        Assert.True(errors.TryGetProperty("trending", out _));
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task ATopicSubscriberIsNotTrendingUnlessTheyAsk()
    {
        await App.SubscribeAsync("ada@example.org", "llm");

        Assert.False((await App.SubscriberAsync("ada@example.org")).Trending);
    }

    [Fact]
    public async Task TrendingPapersComeMostUpvotedFirstInTheirOwnSectionUpToTheirCap()
    {
        await using var app = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Digest:TrendingPapers"] = "2" });
        await app.SubscribeAsync(new Signup("ada@example.org", []) { Trending = true });
        await app.IngestAsync(Voted("Modest Paper", 5), Voted("Top Paper", 90), Voted("Second Paper", 40), Voted("Unvoted Paper", 0));

        var run = await app.RunDigestAsync("2026-11-25");

        Assert.Equal(1, run.Sent);
        var digest = Digest(await app.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Equal("2 trending papers", digest.Subject);
        var text = digest.TextBody!;
        Assert.Contains("== Trending (2) ==", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("Top Paper", StringComparison.Ordinal) < text.IndexOf("Second Paper", StringComparison.Ordinal));
        Assert.DoesNotContain("Modest Paper", text, StringComparison.Ordinal);
        Assert.Contains(">Trending <span", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrendingBesideTopicsListsAPaperOnceAsTrendingAndTheTopicPapersAfterIt()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", ["quantization"]) { Trending = true });
        await App.IngestAsync(
            Voted("Popular Quantization Study", 80).WithAbstract("Post-training quantization at scale."),
            Voted("Quiet Quantization Note", 0).WithAbstract("A note on quantization."),
            Voted("Popular Robotics Paper", 60));

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Equal("3 new papers: trending, quantization", digest.Subject);
        var text = digest.TextBody!;
        Assert.Equal(1, text.Split("Popular Quantization Study").Length - 1);
        var trending = text.IndexOf("== Trending (2) ==", StringComparison.Ordinal);
        var topic = text.IndexOf("== quantization (1) ==", StringComparison.Ordinal);
        Assert.True(trending >= 0 && topic > trending, text);
        Assert.True(text.IndexOf("Quiet Quantization Note", StringComparison.Ordinal) > topic);
        Assert.Contains("matched: quantization", text[trending..topic], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrendingPaperIsNeverSentTwice()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Trending = true });
        await App.IngestAsync(Voted("First Day Hit", 99));
        await App.RunDigestAsync("2026-11-25");
        await App.Inbox.WaitForAsync("ada@example.org", 2);

        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.IngestAsync(Voted("Second Day Hit", 3));
        await App.RunDigestAsync("2026-11-26");

        var second = Digest(await App.Inbox.WaitForAsync("ada@example.org", 3));
        Assert.Contains("Second Day Hit", second.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("First Day Hit", second.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATrendingSubscriberGetsNoMail_WhenNothingNewWasUpvoted()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Trending = true });
        await App.IngestAsync(Voted("Unvoted Paper", 0));

        var run = await App.RunDigestAsync("2026-11-25");

        Assert.Equal((0, 1), (run.Sent, run.Skipped));
    }

    [Fact]
    public async Task AKnownAddressAskingForTrendingWaitsForItsOwnersConfirmation()
    {
        await App.SubscribeAsync("ada@example.org", "llm");
        App.Clock.Advance(TimeSpan.FromMinutes(61));

        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = Array.Empty<string>(), trending = true })).EnsureSuccessStatusCode();
        await App.WaitForAddressRequestsAsync();
        var before = await App.SubscriberAsync("ada@example.org");
        var mail = (await App.Inbox.WaitForAsync("ada@example.org", 2))[^1];
        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token = AppScenarios.TokenFrom(AppScenarios.LinkIn(mail, "/confirm")) })).EnsureSuccessStatusCode();
        var after = await App.SubscriberAsync("ada@example.org");

        Assert.False(before.Trending);
        Assert.True(after.Trending);
        Assert.Empty(after.Topics);
    }

    static MimeMessage Digest(IReadOnlyList<MimeMessage> mails) => mails.Last(m => m.Headers.Contains(HeaderId.ListUnsubscribe));
}
