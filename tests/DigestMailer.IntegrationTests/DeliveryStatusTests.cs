using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests;

/// <summary>The preferences page's "Your digests" block: the last digest, the next one, and why nothing came.</summary>
public sealed class DeliveryStatusTests : AppTest
{
    const string Ada = "ada@example.org";

    [Fact]
    public async Task BeforeTheFirstDigestThePageSaysNoneWasSentAndWhenTheFirstGoesOut()
    {
        await App.SubscribeAsync(Ada, "quantization");

        var page = await PreferencesPageAsync();

        Assert.Contains("No digest has been sent to you yet.", page, StringComparison.Ordinal);
        Assert.Contains("Next digest: Wednesday 25 November at 07:00 (UTC), if there are new papers for you.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterADigestThePageShowsItsDateItsPaperCountAndALinkToIt()
    {
        await App.SubscribeAsync(Ada, "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"), PaperBuilder.Titled("Quantization for Everyone"));
        await App.RunDigestAsync("2026-11-25");

        var page = await PreferencesPageAsync();

        Assert.Contains("Last digest: 25 November: 2 papers", page, StringComparison.Ordinal);
        Assert.Matches(@"<a href=""http://localhost/digests/\d+\?token=[^""]+"">view it</a>", page);
        Assert.Contains("Next digest: Thursday 26 November at 07:00 (UTC)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenNoNewPaperMatchedThePageSaysSoForThatDay()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        await App.SubscribeAsync(Ada, "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Protein Folding at Scale"));
        await App.RunDigestAsync("2026-12-03");

        var page = await PreferencesPageAsync();

        Assert.Contains("No new paper matched your topics on 3 December.", page, StringComparison.Ordinal);
        Assert.Contains("No digest has been sent to you yet.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADayWithNothingNewAfterADigestIsToldUnderIt()
    {
        await App.SubscribeAsync(Ada, "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.RunDigestAsync("2026-11-25");
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.RunDigestAsync("2026-11-26");

        var page = await PreferencesPageAsync();

        Assert.Contains("Last digest: 25 November: 1 paper", page, StringComparison.Ordinal);
        Assert.Contains("No new paper matched your topics on 26 November.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWeeklySubscriberSeesTheNextSendTimeInTheirOwnZone()
    {
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        await App.SubscribeAsync(new Signup(Ada, ["quantization"]) { Frequency = "weekly", Weekday = "friday", SendHour = 9, TimeZone = "Europe/Berlin" });

        var page = await PreferencesPageAsync();

        Assert.Contains("Next digest: Friday 4 December at 09:00 (Europe/Berlin), if there are new papers for you.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestWhoseHourHasComeButNotYetBeenMadeIsDueNow()
    {
        await App.SubscribeAsync(Ada, "quantization");
        App.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 26, 7, 30, 0, TimeSpan.Zero));

        var page = await PreferencesPageAsync();

        Assert.Contains("Your next digest is due now: it goes out with the next planning run", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APausedSubscriberIsToldNoDigestGoesOut()
    {
        await App.SubscribeAsync(Ada, "quantization");
        var browser = App.CreateClient();
        var path = await App.PreferencesPathAsync(Ada);
        var form = await browser.GetStringAsync(path);

        var paused = await browser.PostAsync(path.Replace("/preferences?", "/preferences/pause?", StringComparison.Ordinal), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(form) }));

        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Contains("Paused: no digest goes out until you resume.", await paused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageLinksTheSubscribersFeed()
    {
        await App.SubscribeAsync(Ada, "quantization");

        var page = await PreferencesPageAsync();

        var feed = System.Text.RegularExpressions.Regex.Match(page, @"id=""feed-link"" href=""http://localhost(/feeds/[^""]+\.atom)""");
        Assert.True(feed.Success);
        Assert.Equal(HttpStatusCode.OK, (await App.CreateClient().GetAsync(WebUtility.HtmlDecode(feed.Groups[1].Value))).StatusCode);
    }

    async Task<string> PreferencesPageAsync() => await App.CreateClient().GetStringAsync(await App.PreferencesPathAsync(Ada));
}
