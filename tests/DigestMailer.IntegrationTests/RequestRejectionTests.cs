using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;

namespace DigestMailer.IntegrationTests;

/// <summary>Requests the framework itself cannot read, answered as the client's mistake: never a 500, nothing stored.</summary>
public sealed class RequestRejectionTests : AppTest
{
    [Theory]
    [InlineData("/subscribe", "email=ada%00@example.org&topics=llm")]
    [InlineData("/subscribe", "email=ada@example.org&topics=ll%00m")]
    [InlineData("/subscribe", "email=ada@example.org&topics=llm&timeZone=UT%00C")]
    [InlineData("/preferences/lost", "email=ada%00@example.org")]
    public async Task ANulInAFormFieldGetsAPageSayingWhatToFix(string path, string body)
    {
        var (browser, antiforgery) = await App.BrowserAsync();

        var response = await browser.PostAsync(path, Form($"{body}&__RequestVerificationToken={Uri.EscapeDataString(antiforgery)}"));

        await AssertPageAsync(response, HttpStatusCode.BadRequest, "character that cannot be sent");
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Theory]
    [InlineData("/subscribe")]
    [InlineData("/preferences/lost")]
    [InlineData("/confirm")]
    public async Task AFormWithMoreThan1024FieldsGetsAPageSayingWhatToFix(string path)
    {
        var (browser, antiforgery) = await App.BrowserAsync();
        var fields = string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=x"));

        var response = await browser.PostAsync(path, Form($"email=ada@example.org&topics=llm&{fields}&__RequestVerificationToken={Uri.EscapeDataString(antiforgery)}"));

        await AssertPageAsync(response, HttpStatusCode.BadRequest, "too many fields");
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Theory]
    [InlineData("/api/subscriptions", 1024 * 1024 + 1)]
    [InlineData("/api/subscriptions/confirm", 1024 * 1024 + 1)]
    [InlineData("/api/admin/papers", 30_000_001)]
    public async Task ABodyOverTheLimitIs413(string path, int size)
    {
        var body = new ByteArrayContent(Encoding.ASCII.GetBytes(new string(' ', size)));
        body.Headers.ContentType = new("application/json");

        var response = await App.CreateAdminClient().PostAsync(path, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnOversizeFormGetsA413Page()
    {
        var (browser, antiforgery) = await App.BrowserAsync();

        var response = await browser.PostAsync(
            "/subscribe", Form($"__RequestVerificationToken={Uri.EscapeDataString(antiforgery)}&email=ada@example.org&topics={new string('a', 1024 * 1024)}"));

        await AssertPageAsync(response, HttpStatusCode.RequestEntityTooLarge, "shorten");
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsRead()
    {
        var json = """{"email":"ada@example.org","topics":["llm"]}""";
        var body = new StringContent(json.PadRight(1024 * 1024), Encoding.UTF8, "application/json");

        var response = await App.CreateClient().PostAsync("/api/subscriptions", body);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/admin/papers", """[{"paper":{"id":"2401.01234","title":"{0}","summary":"x"}}]""", "FFFE")]
    [InlineData("/api/subscriptions", """{"email":"ada{0}@example.org","topics":["llm"]}""", "FF")]
    [InlineData("/api/subscriptions", """{"email":"ada@example.org","topics":["{0}"]}""", "C328")]
    [InlineData("/api/subscriptions/confirm", """{"token":"{0}"}""", "EDA080")]
    public async Task InvalidUtf8IsA400NamingTheBody(string path, string json, string badBytes)
    {
        var parts = json.Split("{0}");
        var body = new ByteArrayContent([.. Encoding.UTF8.GetBytes(parts[0]), .. Convert.FromHexString(badBytes), .. Encoding.UTF8.GetBytes(parts[1])]);
        body.Headers.ContentType = new("application/json");

        var response = await App.CreateAdminClient().PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Theory]
    [InlineData(long.MaxValue)]
    [InlineData(253_402_300_800_000)]
    public async Task ASignedLinkWithAnImpossibleIssueTimeIsNotValidAnywhere(long issued)
    {
        var tokens = App.Service<LinkTokens>();
        string Token(LinkPurpose purpose) => Uri.EscapeDataString(tokens.CreateIssuedAt(purpose, 1, issued));
        var (browser, antiforgery) = await App.BrowserAsync();
        var form = (string token) => Form($"token={token}&__RequestVerificationToken={Uri.EscapeDataString(antiforgery)}");

        HttpResponseMessage[] answers =
        [
            await browser.GetAsync($"/confirm?token={Token(LinkPurpose.Confirm)}"),
            await browser.PostAsync("/confirm", form(Token(LinkPurpose.Confirm))),
            await browser.PostAsJsonAsync("/api/subscriptions/confirm", new { token = tokens.CreateIssuedAt(LinkPurpose.Confirm, 1, issued) }),
            await browser.GetAsync($"/unsubscribe?token={Token(LinkPurpose.Unsubscribe)}"),
            await browser.PostAsync($"/unsubscribe?token={Token(LinkPurpose.Unsubscribe)}", Form("List-Unsubscribe=One-Click")),
            await browser.GetAsync($"/preferences?token={Token(LinkPurpose.Preferences)}"),
            await browser.GetAsync($"/digests/1?token={Token(LinkPurpose.Preferences)}"),
        ];

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData(null)]
    public async Task ASignUpThatIsNotDeclaredJsonIs415(string? contentType)
    {
        var body = new ByteArrayContent("""{"email":"ada@example.org","topics":["llm"]}"""u8.ToArray());
        if (contentType is not null)
        {
            body.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await App.CreateClient().PostAsync("/api/subscriptions", body);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("http://localhost.evil.example")]
    [InlineData("http://localhost:8080")]
    [InlineData("null")]
    public async Task ASignUpFromAnotherSiteIs403(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { email = "ada@example.org", topics = new[] { "llm" } }),
        };
        request.Headers.Add("Origin", origin);

        var response = await App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((0L, 0L, 0L), await App.StoredAsync());
    }

    [Fact]
    public async Task ASignUpFromOurOwnPageIsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/subscriptions")
        {
            Content = JsonContent.Create(new { email = "ada@example.org", topics = new[] { "llm" } }),
        };
        request.Headers.Add("Origin", "http://localhost");

        var response = await App.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    static async Task AssertPageAsync(HttpResponseMessage response, HttpStatusCode status, string says)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(says, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
