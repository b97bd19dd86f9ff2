using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

/// <summary>The "More like this" page a digest links to, and the liked papers and feedback on the preferences page.</summary>
public sealed class LikesPageTests(Chromium chromium) : BrowserTest(chromium)
{
    const string Ada = "ada@example.org";

    static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Samples", name);

    [Fact]
    public async Task MoreLikeThisFromADigestAsksOnceThenRecordsTheVoteAndLeadsToThePreferences()
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync();
        await page.GotoAsync(AppScenarios.LinkIn(digest, "/feedback"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("More like this?");
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = "More like this" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thanks, noted");
        await page.GetByRole(AriaRole.Link, new() { Name = "Your preferences" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Your feedback" })).ToContainTextAsync("A Study of quantization · more like this");
    }

    [Fact]
    public async Task ABrokenFeedbackLinkSaysWhatIsWrong()
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync();

        var response = await page.GotoAsync(AppScenarios.LinkIn(digest, "/feedback").Replace("vote=more", "vote=sideways", StringComparison.Ordinal));

        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Link not valid");
        await Expect(page.GetByText("does not say whether you want more or fewer papers")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task LikedPapersArePastedAndUploadedOnThePreferencesPageAndRemovedWithTheirButton()
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync();
        await page.GotoAsync(AppScenarios.LinkIn(digest, "/preferences"));
        var liked = page.GetByRole(AriaRole.List, new() { Name = "Papers you like" });

        await page.GetByLabel("Add papers you like, one per line").FillAsync("https://arxiv.org/abs/2511.00001v2");
        await page.GetByLabel("Or upload a reference list").SetInputFilesAsync(Sample("likes_scholar.bib"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 of the 3 entries in likes_scholar.bib name an arXiv paper");
        await Expect(liked.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await Expect(liked).ToContainTextAsync("A Study of quantization");
        await Expect(liked).ToContainTextAsync("1706.03762 (not fetched yet)");

        await liked.GetByRole(AriaRole.Button, new() { Name = "Remove 1706.03762" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Removed.");
        await Expect(liked.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);
        Assert.Equal(["2511.00001", "2509.99902"], (await App.SubscriberAsync(Ada)).Likes);
    }

    [Fact]
    public async Task ABinaryUploadOnThePreferencesPageIsRefusedAndNothingChanges()
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync();
        await page.GotoAsync(AppScenarios.LinkIn(digest, "/preferences"));

        await page.GetByLabel("Or upload a reference list").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = [0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xFF] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();

        await Expect(page.Locator("#likes-error")).ToContainTextAsync("scan.pdf is not a text file");
        Assert.Empty((await App.SubscriberAsync(Ada)).Likes);
    }

    [Fact]
    public async Task TheSignupFormTakesABibtexExportAloneAndSaysWhatItRecognised()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByLabel("Email address").FillAsync(Ada);
        await page.GetByLabel("Or upload a reference list").SetInputFilesAsync(Sample("likes_zotero.bib"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");
        await Expect(page.GetByText("3 of the 4 entries in likes_zotero.bib name an arXiv paper")).ToBeVisibleAsync();
    }
}
