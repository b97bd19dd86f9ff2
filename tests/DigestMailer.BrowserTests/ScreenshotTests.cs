using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

/// <summary>
/// The sign-up page and a digest at desktop and phone width. Each test checks the page needs no sideways scrolling,
/// and leaves a screenshot (see <see cref="Screenshots"/>; the README shows the committed ones).
/// </summary>
public sealed class ScreenshotTests(Chromium chromium) : BrowserTest(chromium)
{
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task TheSignUpPageFitsTheScreenWithoutSidewaysScrolling(int width)
    {
        await App.IngestAsync(SamplePapers.ScreenshotDay());
        var page = await NewPageAsync(options => Screenshots.Screen(options, width));

        await page.GotoAsync("/");

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, $"signup-{width}.png");
        Assert.True(await ContentWidthAsync(page) <= width, $"The sign-up page is {await ContentWidthAsync(page)} px wide on a {width} px screen.");
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task ADigestWithSeveralPapersFitsTheScreenWithoutSidewaysScrolling(int width)
    {
        await App.SubscribeAsync(new Signup("ada@example.org", SamplePapers.ScreenshotTopics) { Trending = true });
        await App.IngestAsync(SamplePapers.ScreenshotDay());
        var digest = await App.SendDigestToAsync("ada@example.org");
        var page = await NewPageAsync(options => Screenshots.Screen(options, width));

        await page.SetContentAsync(digest.HtmlBody!);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Consistency Distillation Makes Diffusion Models Sample in Two Steps" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, $"digest-{width}.png");
        Assert.True(await ContentWidthAsync(page) <= width, $"The digest is {await ContentWidthAsync(page)} px wide on a {width} px screen.");
    }

    static Task<int> ContentWidthAsync(IPage page) => page.EvaluateAsync<int>("document.documentElement.scrollWidth");
}
