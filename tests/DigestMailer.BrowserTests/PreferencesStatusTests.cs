using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

/// <summary>The "Your digests" block of the preferences page: last digest, next one, and the subscriber's feed.</summary>
public sealed class PreferencesStatusTests(Chromium chromium) : BrowserTest(chromium)
{
    const string Ada = "ada@example.org";

    [Fact]
    public async Task ThePreferencesPageShowsTheLastDigestAndWhenTheNextGoesOut()
    {
        var page = await OpenPreferencesAfterADigestAsync();

        var status = page.GetByRole(AriaRole.Region, new() { Name = "Your digests" });
        await Expect(status.Locator("#last-digest")).ToHaveTextAsync("Last digest: 25 November: 1 paper · view it");
        await Expect(status.Locator("#next-digest")).ToHaveTextAsync("Next digest: Thursday 26 November at 07:00 (UTC), if there are new papers for you.");
    }

    [Fact]
    public async Task TheLastDigestsLinkOpensItAsAPage()
    {
        var page = await OpenPreferencesAfterADigestAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "view it" }).ClickAsync();

        Assert.StartsWith("1 new paper on quantization", await page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFeedLinkOnThePreferencesPageServesTheSubscribersAtomFeed()
    {
        var page = await OpenPreferencesAfterADigestAsync();

        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Atom feed" }).GetAttributeAsync("href");
        var feed = await page.Context.APIRequest.GetAsync(href!);

        Assert.Equal(200, feed.Status);
        Assert.Equal("application/atom+xml; charset=utf-8", feed.Headers["content-type"]);
        Assert.Contains("A Study of quantization", await feed.TextAsync(), StringComparison.Ordinal);
    }

    async Task<IPage> OpenPreferencesAfterADigestAsync()
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync();
        await page.GotoAsync(AppScenarios.LinkIn(digest, "/preferences"));
        return page;
    }
}
