using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

/// <summary>What a subscriber does from the links in a digest (preferences, pause, unsubscribe, delete), and getting a lost link back.</summary>
public sealed class PreferencesTests(Chromium chromium) : BrowserTest(chromium)
{
    const string Ada = "ada@example.org";

    [Fact]
    public async Task EditingPreferencesFromTheDigestLinkSavesThem()
    {
        var page = await OpenFromDigestAsync("/preferences");

        await page.GetByLabel("Topics, one per line").FillAsync("spiking neural networks\nauthor:\"Yann LeCun\"");
        await page.GetByLabel("Weekly on").CheckAsync();
        await page.GetByLabel("Day of the week for a weekly digest").SelectOptionAsync("thursday");
        await page.Locator("select[name=sendHour]").SelectOptionAsync("18");
        await page.Locator("select[name=timeZone]").SelectOptionAsync("America/New_York");
        await page.GetByLabel("Papers per mail, at most").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved. The next digest follows these settings.");
        var saved = (await App.FindSubscriberAsync(Ada))!;
        Assert.Equal(["spiking neural networks", "author:\"Yann LeCun\""], saved.Topics);
        Assert.Equal(
            ("weekly", "thursday", 18, "America/New_York", 5, false),
            (saved.Frequency, saved.Weekday, saved.SendHour,
             saved.TimeZone, saved.MaxPapers, saved.Paused));
    }

    [Fact]
    public async Task UnsubscribingFromTheDigestLinkShowsTheConfirmationAndOffersToResubscribe()
    {
        var page = await OpenFromDigestAsync("/unsubscribe");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Unsubscribe");
        Assert.Equal("active", await StatusAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You're unsubscribed");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resubscribe" })).ToBeVisibleAsync();
        Assert.Equal("unsubscribed", await StatusAsync());
    }

    [Fact]
    public async Task PressingResubscribeAfterUnsubscribingResubscribes()
    {
        var page = await OpenFromDigestAsync("/unsubscribe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Resubscribe" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Welcome back");
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task PausingFromThePreferencesPagePausesTheDigest()
    {
        var page = await OpenFromDigestAsync("/preferences");

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Paused. No digest goes out until you resume.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Resume" })).ToBeVisibleAsync();
        Assert.True((await App.FindSubscriberAsync(Ada))!.Paused);
    }

    [Fact]
    public async Task ResumingFromThePreferencesPageStartsTheDigestAgain()
    {
        var page = await OpenFromDigestAsync("/preferences");
        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Resumed. Your digest starts again with the next issue.");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        var subscriber = (await App.FindSubscriberAsync(Ada))!;
        Assert.Equal((false, "active"), (subscriber.Paused, subscriber.Status));
    }

    [Fact]
    public async Task DeletingAllMyDataAfterConfirmingTheDialogDeletesTheSubscriber()
    {
        var page = await OpenFromDigestAsync("/preferences");
        string? asked = null;
        page.Dialog += async (_, dialog) =>
        {
            asked = dialog.Message;
            await dialog.AcceptAsync();
        };

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete all my data" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your data is deleted");
        Assert.Equal("Delete your address, topics and digests for good?", asked);
        Assert.Null(await App.FindSubscriberAsync(Ada));
    }

    [Fact]
    public async Task DismissingTheDeleteDialogKeepsEverything()
    {
        var page = await OpenFromDigestAsync("/preferences");
        page.Dialog += async (_, dialog) => await dialog.DismissAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete all my data" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your digest");
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task ALostLinkIsMailedAgainFromTheSignUpPageAndOpensThePreferences()
    {
        await App.SubscribeAsync(Ada, "quantization");
        var page = await NewPageAsync();
        await page.GotoAsync("/");

        await page.GetByRole(AriaRole.Link, new() { Name = "Get a link to your preferences" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync(Ada);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");
        var mail = (await App.Inbox.WaitForAsync(Ada, 2))[^1];
        await page.GotoAsync(AppScenarios.LinkIn(mail, "/preferences"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your digest");
        await Expect(page.GetByLabel("Topics, one per line")).ToHaveValueAsync("quantization");
    }

    [Fact]
    public async Task TheViewInBrowserLinkShowsTheDigestAsAPage()
    {
        var page = await OpenFromDigestAsync("/digests/");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "View in browser" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Unsubscribe" })).ToBeVisibleAsync();
        Assert.StartsWith("1 new paper on quantization", await page.TitleAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SavingPreferencesFromABrowserInAnotherTimeZoneKeepsTheSavedZone()
    {
        var page = await OpenFromDigestAsync("/preferences", options => options.TimezoneId = "Europe/Berlin");

        await page.GetByLabel("Topics, one per line").FillAsync("spiking neural networks");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToBeVisibleAsync();
        Assert.Equal("UTC", (await App.FindSubscriberAsync(Ada))!.TimeZone);
    }

    /// <summary>Subscribes Ada, sends her a digest, and opens the link in it to <paramref name="path"/> in a browser.</summary>
    async Task<IPage> OpenFromDigestAsync(string path, Action<BrowserNewContextOptions>? configure = null)
    {
        var digest = await App.DigestForAsync(Ada, "quantization");
        var page = await NewPageAsync(configure);
        await page.GotoAsync(AppScenarios.LinkIn(digest, path));
        return page;
    }

    async Task<string?> StatusAsync() => (await App.FindSubscriberAsync(Ada))!.Status;
}
