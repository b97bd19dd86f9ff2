using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

public sealed class UnsubscribeTests : AppTest
{
    MimeMessage digest = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.RunDigestAsync("2026-11-25");
        digest = (await App.Inbox.WaitForAsync("ada@example.org", 2))[1];
    }

    string UnsubscribePath => AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/unsubscribe"));

    [Fact]
    public async Task OpeningTheUnsubscribeLinkShowsAButtonAndChangesNothing()
    {
        var page = await App.CreateClient().GetAsync(UnsubscribePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(">Unsubscribe</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task OneClickUnsubscribeAnswers200WithoutRedirectOrCookie()
    {
        var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var response = await client.PostAsync(UnsubscribePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unsubscribed", await StatusAsync());
    }

    [Fact]
    public async Task UnsubscribingTwiceStillShowsTheConfirmationPage()
    {
        var first = await App.CreateClient().PostAsync(UnsubscribePath, null);
        var second = await App.CreateClient().PostAsync(UnsubscribePath, null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("<h1>You&#x27;re unsubscribed</h1>", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedUnsubscribeTokenIs400AndChangesNothing()
    {
        var path = UnsubscribePath;
        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];

        var response = await App.CreateClient().PostAsync(tampered, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task ChangingYourMindAfterUnsubscribingResubscribes()
    {
        var browser = App.CreateClient();
        var unsubscribed = await (await browser.PostAsync(UnsubscribePath, null)).Content.ReadAsStringAsync();
        var resubscribe = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(unsubscribed, "action=\"(/resubscribe[^\"]+)\"").Groups[1].Value);

        var forged = await App.CreateClient().PostAsync(resubscribe, null);
        var response = await browser.PostAsync(resubscribe, new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(unsubscribed) }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task ThePreferencesPageChangesTopics()
    {
        var browser = App.CreateClient();
        var path = AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/preferences"));
        var page = await browser.GetStringAsync(path);

        var saved = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["topics"] = "spiking neural networks\nauthor:\"Yann LeCun\"",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));

        Assert.Contains("quantization", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var topics = (await App.SubscriberAsync("ada@example.org")).Topics;
        Assert.Equal(["spiking neural networks", "author:\"Yann LeCun\""], topics);
    }

    [Fact]
    public async Task ThePreferencesPageShowsTopicErrorsAndKeepsTheOldTopics()
    {
        var browser = App.CreateClient();
        var path = AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/preferences"));
        var page = await browser.GetStringAsync(path);

        var rejected = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["topics"] = "\"unclosed",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("never closed", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("quantization", (await App.SubscriberAsync("ada@example.org")).Topics[0]);
    }

    async Task<string?> StatusAsync() => (await App.SubscriberAsync("ada@example.org")).Status;
}
