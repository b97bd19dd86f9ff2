using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

public sealed class DigestPageTests : AppTest
{
    [Fact]
    public async Task TheViewInBrowserLinkShowsTheDigest()
    {
        var digest = await DigestForAsync("ada@example.org");

        var page = await App.CreateClient().GetAsync(AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/digests/")));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Low-Bit Quantization", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDigestPageCannotBeFramedAndRunsNoScript()
    {
        var digest = await DigestForAsync("ada@example.org");

        var page = await App.CreateClient().GetAsync(AppScenarios.PathAndQuery(AppScenarios.LinkIn(digest, "/digests/")));

        var policy = string.Join(", ", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(page.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task AnotherSubscribersLinkDoesNotOpenTheDigest()
    {
        await App.SubscribeAsync("bob@example.org", "quantization");
        var ada = await DigestForAsync("ada@example.org");
        var bob = (await App.Inbox.WaitForAsync("bob@example.org", 2))[1];
        var adasDigest = new Uri(AppScenarios.LinkIn(ada, "/digests/")).AbsolutePath;
        var bobsToken = AppScenarios.TokenFrom(AppScenarios.LinkIn(bob, "/preferences"));

        var response = await App.CreateClient().GetAsync($"{adasDigest}?token={Uri.EscapeDataString(bobsToken)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ATamperedLinkIs400()
    {
        var link = AppScenarios.LinkIn(await DigestForAsync("ada@example.org"), "/digests/");
        var url = AppScenarios.PathAndQuery(link);
        // The signature's last character changed to another one, whatever it was.
        var tampered = url[..^1] + (url[^1] == 'A' ? 'B' : 'A');

        var response = await App.CreateClient().GetAsync(tampered);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    async Task<MimeMessage> DigestForAsync(string email)
    {
        await App.SubscribeAsync(email, "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.RunDigestAsync("2026-11-25");
        return (await App.Inbox.WaitForAsync(email, 2))[1];
    }
}
