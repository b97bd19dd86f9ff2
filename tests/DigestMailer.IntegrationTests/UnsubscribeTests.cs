using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

public sealed class UnsubscribeTests : IAsyncLifetime
{
    DigestMailerApp app = null!;
    MimeMessage digest = null!;

    public async ValueTask InitializeAsync()
    {
        app = await DigestMailerApp.StartAsync();
        await app.SubscribeAsync("ada@example.org", "quantization");
        await app.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await app.RunDigestAsync("2026-11-25");
        digest = (await app.Inbox.WaitForAsync("ada@example.org", 2))[1];
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    string UnsubscribePath => AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/unsubscribe"));

    [Fact]
    public async Task OpeningTheUnsubscribeLinkShowsAButtonAndChangesNothing()
    {
        var page = await app.CreateClient().GetAsync(UnsubscribePath);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(">Unsubscribe</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task OneClickUnsubscribeAnswers200WithoutRedirectOrCookie()
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

        var response = await client.PostAsync(UnsubscribePath, new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("unsubscribed", await StatusAsync());
    }

    [Fact]
    public async Task UnsubscribingTwiceStillShowsTheConfirmationPage()
    {
        var first = await app.CreateClient().PostAsync(UnsubscribePath, null);
        var second = await app.CreateClient().PostAsync(UnsubscribePath, null);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        Assert.Contains("<h1>You&#x27;re unsubscribed</h1>", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedUnsubscribeTokenIs400AndChangesNothing()
    {
        var path = UnsubscribePath;
        var tampered = path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..];

        var response = await app.CreateClient().PostAsync(tampered, null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task ChangingYourMindAfterUnsubscribingResubscribes()
    {
        var unsubscribed = await (await app.CreateClient().PostAsync(UnsubscribePath, null)).Content.ReadAsStringAsync();
        var resubscribe = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(unsubscribed, "action=\"(/resubscribe[^\"]+)\"").Groups[1].Value);

        var response = await app.CreateClient().PostAsync(resubscribe, null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("active", await StatusAsync());
    }

    [Fact]
    public async Task ThePreferencesPageChangesTopics()
    {
        var browser = app.CreateClient();
        var path = AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/preferences"));
        var page = await browser.GetStringAsync(path);

        var saved = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["topics"] = "spiking neural networks\nauthor:\"Yann LeCun\"",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));

        Assert.Contains("quantization", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var topics = (await app.SubscriberAsync("ada@example.org")).GetProperty("topics").EnumerateArray().Select(t => t.GetString());
        Assert.Equal(["spiking neural networks", "author:\"Yann LeCun\""], topics);
    }

    [Fact]
    public async Task ThePreferencesPageShowsTopicErrorsAndKeepsTheOldTopics()
    {
        var browser = app.CreateClient();
        var path = AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/preferences"));
        var page = await browser.GetStringAsync(path);

        var rejected = await browser.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["topics"] = "\"unclosed",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("never closed", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("quantization", (await app.SubscriberAsync("ada@example.org")).GetProperty("topics")[0].GetString());
    }

    async Task<string?> StatusAsync() => (await app.SubscriberAsync("ada@example.org")).GetProperty("status").GetString();
}
