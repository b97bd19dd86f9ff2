using System.Text.RegularExpressions;
using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

/// <summary>The trending offer on the sign-up page, and /papers, where a visitor tries a topic on recent papers.</summary>
public sealed class TrendingPageTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task TheSignUpPageListsTheLatestDaysTrendingPapersMostUpvotedFirst()
    {
        await App.IngestAsync(SamplePapers.ScreenshotDay());
        var page = await NewPageAsync();

        await page.GotoAsync("/");

        var trending = page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Trending on ") });
        var papers = trending.GetByRole(AriaRole.Listitem);
        await Expect(papers.First.GetByRole(AriaRole.Link)).ToHaveTextAsync("Consistency Distillation Makes Diffusion Models Sample in Two Steps");
        await Expect(papers.First).ToContainTextAsync("▲ 212");
        await Expect(papers.First).ToContainTextAsync("Hannah Okafor");
        await Expect(papers.First.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "https://huggingface.co/papers/2511.20101");
        await Expect(papers.Nth(1)).ToContainTextAsync("▲ 143");
        await Expect(papers).ToHaveCountAsync(6);
    }

    [Fact]
    public async Task SigningUpForTheTrendingPapersAloneThroughTheFormSendsAConfirmation()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("Email address").FillAsync("ada@example.org");
        await page.GetByLabel("The day's trending papers").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");
        await App.Inbox.WaitForAsync("ada@example.org");
        var subscriber = (await App.FindSubscriberAsync("ada@example.org"))!;
        Assert.True(subscriber.Trending);
        Assert.Empty(subscriber.Topics);
    }

    [Fact]
    public async Task TheFormSaysToChooseTopicsOrTrending_WhenNeitherIsChosen()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("Email address").FillAsync("ada@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.Locator("#topics-error")).ToHaveTextAsync("Add at least one topic or a paper you like, or ask for the day's trending papers.");
        Assert.Null(await App.FindSubscriberAsync("ada@example.org"));
    }

    [Fact]
    public async Task SearchingRecentPapersWithATopicShowsTheMatchesWithThePhraseMarked()
    {
        await App.IngestAsync(SamplePapers.ScreenshotDay());
        var page = await NewPageAsync();
        await page.GotoAsync("/papers");

        await page.GetByLabel("Topic").FillAsync("\"low-bit quantization\"");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex(@"/papers\?q=%22low-bit\+quantization%22$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("2 papers this week");
        await Expect(page.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        await Expect(page.Locator("li.paper mark").First).ToHaveTextAsync(new Regex("^low-bit quantization$", RegexOptions.IgnoreCase));
    }

    [Fact]
    public async Task ThePapersPageWithoutATopicListsTheWeeksTrendingPapers()
    {
        await App.IngestAsync(SamplePapers.ScreenshotDay());
        var page = await NewPageAsync();

        await page.GotoAsync("/papers");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Trending this week");
        await Expect(page.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("▲ 212");
    }

    [Fact]
    public async Task ATopicThatDoesNotParseGetsA400PageSayingWhatToFix()
    {
        var page = await NewPageAsync();

        var response = await page.GotoAsync("/papers?q=" + Uri.EscapeDataString("graph \"neural"));

        Assert.Equal(400, response!.Status);
        await Expect(page.Locator("#q-error")).ToContainTextAsync("This quote is never closed");
        await Expect(page.GetByLabel("Topic")).ToHaveValueAsync("graph \"neural");
        await Expect(page.GetByLabel("Topic")).ToHaveAttributeAsync("aria-invalid", "true");
    }
}
