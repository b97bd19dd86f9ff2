using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

public sealed class AdminApiTests : AppTest
{
    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "POST", "/api/admin/papers" },
        { "POST", "/api/admin/digests/run" },
        { "GET", "/api/admin/digests/runs/abc" },
        { "GET", "/api/admin/subscribers?email=ada%40example.org" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task EveryAdminEndpointAnswers401WithoutTheKey(string method, string path)
    {
        var response = await App.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("guess")]
    [InlineData(DigestMailerApp.AdminKey + "x")]
    [InlineData("x" + DigestMailerApp.AdminKey)]
    [InlineData("TEST-ADMIN-KEY")]
    public async Task AWrongKeyIsRejected(string key)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await client.GetAsync("/api/admin/subscribers?email=ada%40example.org");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WithoutAConfiguredKeyTheAdminApiIsDisabled()
    {
        await using var open = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });

        var response = await open.CreateAdminClient().GetAsync("/api/admin/subscribers?email=ada%40example.org");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("disabled", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAKeyConfiguredTheDashboardRequiresItEvenFromLocalhost()
    {
        var response = await App.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKeyConfiguredTheDashboardIsOpenToLocalRequestsOnly()
    {
        await using var open = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Admin:ApiKey"] = "" });

        var response = await open.CreateClient().GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task TheAdminApiRefusesTheKeyAsBasicAuthenticationSoCrossSiteFormsCannotUseIt()
    {
        var browser = App.CreateClient();
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + DigestMailerApp.AdminKey)));

        var response = await browser.PostAsync("/api/admin/digests/run", new StringContent("{}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task TheDashboardOpensWithTheKeyAsBasicAuthentication()
    {
        var browser = App.CreateClient();
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + DigestMailerApp.AdminKey)));

        var response = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Hangfire", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestingTheDailyPapersSampleCountsInsertsThenUpdates()
    {
        var sample = await File.ReadAllTextAsync(Samples.Path("hf_daily_papers.json"));
        var admin = App.CreateAdminClient();

        var first = await (await admin.PostAsync("/api/admin/papers", Json(sample))).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await admin.PostAsync("/api/admin/papers", Json(sample))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("""{"received":3,"inserted":3,"updated":0}""", first.GetRawText());
        Assert.Equal("""{"received":3,"inserted":0,"updated":3}""", second.GetRawText());
    }

    [Fact]
    public async Task ABatchWithOneBadPaperIsRejectedWholeNamingTheEntry()
    {
        var body = """[{"paper":{"id":"2511.00001","title":"Fine"}},{"paper":{"id":"not an id","title":"Broken"}}]""";

        var rejected = await App.CreateAdminClient().PostAsync("/api/admin/papers", Json(body));
        var retried = await App.IngestAsync(PaperBuilder.Titled("Fine").WithId("2511.00001"));

        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        Assert.Contains("[1].paper.id", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, retried.GetProperty("inserted").GetInt32());
    }

    [Theory]
    [InlineData("/api/admin/papers", "{not json", "body")]
    [InlineData("/api/admin/papers", """{"paper":{}}""", "body")]
    [InlineData("/api/admin/digests/run", """{"date":"25/11/2026"}""", "date")]
    [InlineData("/api/admin/digests/run", """{"date":"2026-02-30"}""", "date")]
    [InlineData("/api/admin/digests/run", "[1,2]", "body")]
    [InlineData("/api/admin/digests/run", """{"date":"9999-12-31"}""", "date")]
    [InlineData("/api/admin/digests/run", """{"date":"2026-11-27"}""", "date")]
    public async Task BadAdminInputGetsA400NamingTheField(string path, string body, string field)
    {
        var response = await App.CreateAdminClient().PostAsync(path, Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task ARunWithoutADateIsTodaysDigest()
    {
        var response = await App.CreateAdminClient().PostAsync("/api/admin/digests/run", null);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

        var run = await App.WaitForRunAsync(runId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(("2026-11-25", "completed"), (run.Date, run.Status));
    }

    [Fact]
    public async Task AnUnknownRunIs404()
    {
        var response = await App.CreateAdminClient().GetAsync("/api/admin/digests/runs/nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("not-an-address", HttpStatusCode.BadRequest)]
    [InlineData("nobody@example.org", HttpStatusCode.NotFound)]
    public async Task LookingUpASubscriberNeedsAKnownValidAddress(string email, HttpStatusCode expected)
    {
        var response = await App.CreateAdminClient().GetAsync($"/api/admin/subscribers?email={Uri.EscapeDataString(email)}");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task HealthzAnswers200WhenTheDatabaseAnswers()
    {
        var response = await App.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
