using System.Net;
using System.Text.RegularExpressions;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests;

public sealed partial class SecurityHeadersTests : AppTest
{
    [Theory]
    [InlineData("/")]
    [InlineData("/preferences/lost")]
    [InlineData("/confirm?token=tampered")]
    [InlineData("/assets/site.css")]
    [InlineData("/api/topics/preview?topic=llm")]
    [InlineData("/api/topics/preview?topic=NEAR(")]
    [InlineData("/api/admin/subscribers?email=ada%40example.org")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    public async Task EveryAnswerCarriesTheSecurityHeaders(string path)
    {
        var response = await App.CreateClient().GetAsync(path);

        AssertStrictHeaders(response);
    }

    [Fact]
    public async Task APageAnsweringAPostCarriesTheSecurityHeaders()
    {
        var (browser, antiforgery) = await App.BrowserAsync();

        var response = await browser.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "ada@example.org",
            ["topics"] = "llm",
            ["__RequestVerificationToken"] = antiforgery,
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertStrictHeaders(response);
    }

    [Fact]
    public async Task PagesHaveNoInlineScriptOrStyleForThePolicyToBlock()
    {
        await App.SubscribeAsync("ada@example.org", "llm");
        var preferences = "/preferences?token=" + Uri.EscapeDataString(App.Service<LinkTokens>().Create(LinkPurpose.Preferences, 1));
        var browser = App.CreateClient();

        foreach (var path in new[] { "/", "/preferences/lost", "/confirm?token=tampered", preferences })
        {
            var html = await (await browser.GetAsync(path)).Content.ReadAsStringAsync();
            Assert.DoesNotMatch(InlineCode(), html);
            Assert.Contains("<link rel=\"stylesheet\" href=\"/assets/site.css\">", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/preferences/lost", "text/html")]
    [InlineData("/assets/site.js", "text/javascript")]
    public async Task HeadOnAPageAnswersLikeGet(string path, string mediaType)
    {
        var response = await App.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        AssertStrictHeaders(response);
    }

    [Fact]
    public async Task TheDashboardHasItsOwnPolicyAndStillCannotBeFramed()
    {
        var response = await App.CreateAdminClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("script-src 'self' 'unsafe-inline'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    static void AssertStrictHeaders(HttpResponseMessage response)
    {
        var policy = Header(response, "Content-Security-Policy");
        foreach (var directive in new[] { "default-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'" })
        {
            Assert.Contains(directive, policy, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : $"(no {name})";

    // A <script> without src, a <style> block, a style attribute or an on…= handler: all refused by the site's policy.
    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineCode();
}
