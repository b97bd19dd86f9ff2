using System.Text.RegularExpressions;
using DigestMailer.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DigestMailer.BrowserTests;

public sealed class SignupTests(Chromium chromium) : BrowserTest(chromium)
{
    [Fact]
    public async Task SigningUpThroughTheFormShowsCheckYourInboxAndSendsAConfirmationMail()
    {
        var page = await NewPageAsync();

        await SignUpAsync(page, "ada@example.org", "diffusion models\n\"low-bit quantization\"");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Check your inbox");
        await Expect(page.GetByText("ada@example.org")).ToBeVisibleAsync();
        var mail = (await App.Inbox.WaitForAsync("ada@example.org"))[^1];
        Assert.Contains("/confirm?token=", AppScenarios.LinkIn(mail, "/confirm"), StringComparison.Ordinal);
        var subscriber = (await App.FindSubscriberAsync("ada@example.org"))!;
        Assert.Equal("pending", subscriber.Status);
        Assert.Equal(["diffusion models", "\"low-bit quantization\""], subscriber.Topics);
    }

    [Fact]
    public async Task FollowingTheLinkInTheConfirmationMailAndPressingConfirmActivatesTheSubscription()
    {
        var page = await NewPageAsync();
        await SignUpAsync(page, "ada@example.org", "diffusion models");
        var mail = (await App.Inbox.WaitForAsync("ada@example.org"))[^1];

        await page.GotoAsync(AppScenarios.LinkIn(mail, "/confirm"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Confirm your subscription");
        Assert.Equal("pending", (await App.FindSubscriberAsync("ada@example.org"))?.Status);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm subscription" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("You're subscribed");
        Assert.Equal("active", (await App.FindSubscriberAsync("ada@example.org"))?.Status);
    }

    [Fact]
    public async Task TheFormShowsErrorsNextToTheFieldsAndKeepsWhatWasTyped()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        var email = page.GetByLabel("Email address");
        var topics = page.GetByLabel("Topics, one per line");

        await email.FillAsync("ada@");
        await topics.FillAsync("diffusion models\nAND OR NEAR(");
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();

        // Each error stands right after its field and is that field's accessible description.
        await Expect(page.Locator("#email + .error")).ToHaveTextAsync("Enter a plain email address such as name@example.org.");
        await Expect(email).ToHaveAccessibleDescriptionAsync("Enter a plain email address such as name@example.org.");
        await Expect(email).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#topics + #topics-error")).ToContainTextAsync("Topic 2 \"AND OR NEAR(\": 'AND' is not supported");
        await Expect(topics).ToHaveAccessibleDescriptionAsync(new Regex("Topic 2 \"AND OR NEAR\\(\": 'AND' is not supported"));
        await Expect(topics).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(email).ToHaveValueAsync("ada@");
        await Expect(topics).ToHaveValueAsync("diffusion models\nAND OR NEAR(");
    }

    [Fact]
    public async Task TheTimeZoneIsPrefilledFromTheBrowsersTimeZone()
    {
        var page = await NewPageAsync(options => options.TimezoneId = "Europe/Berlin");

        await page.GotoAsync("/");

        await Expect(page.Locator("select[name=timeZone]")).ToHaveValueAsync("Europe/Berlin");
    }

    static async Task SignUpAsync(IPage page, string email, string topics)
    {
        await page.GotoAsync("/");
        await page.GetByLabel("Email address").FillAsync(email);
        await page.GetByLabel("Topics, one per line").FillAsync(topics);
        await page.GetByRole(AriaRole.Button, new() { Name = "Subscribe" }).ClickAsync();
    }
}
