using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

public sealed class SignupInputTests : AppTest
{
    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"email":"not-an-address","topics":["llm"]}""", "email" },
        { """{"email":"ada@","topics":["llm"]}""", "email" },
        { """{"email":"ada","topics":["llm"]}""", "email" },
        { """{"email":"Ada <ada@example.org>","topics":["llm"]}""", "email" },
        { """{"topics":["llm"]}""", "email" },
        { """{"email":"ada@example.org\r\nBcc: victim@example.org","topics":["llm"]}""", "email" },
        { """{"email":"ada@example.org","topics":["llm\r\nBcc: victim@example.org"]}""", "topics[0]" },
        { """{"email":"ada@example.org","topics":[]}""", "topics" },
        { """{"email":"ada@example.org"}""", "topics" },
        { """{"email":"ada@example.org","topics":[""" + string.Join(',', Enumerable.Range(1, 21).Select(i => $"\"topic {i}\"")) + "]}", "topics" },
        { """{"email":"ada@example.org","topics":[""" + "\"" + new string('a', 201) + "\"]}", "topics[0]" },
        { """{"email":"ada@example.org","topics":["AND OR NEAR("]}""", "topics[0]" },
        { """{"email":"ada@example.org","topics":["\""]}""", "topics[0]" },
        { """{"email":"ada@example.org","topics":["llm", null]}""", "topics[1]" },
        { """{"email":"ada@example.org","topics":"llm"}""", "topics" },
        { """{"email":42,"topics":["llm"]}""", "email" },
        { "this is not json", "body" },
        { "", "body" },
        { "null", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInputGetsA400ProblemNamingTheFieldAndStoresNothing(string body, string field)
    {
        var response = await App.CreateClient().PostAsync("/api/subscriptions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error for '{field}' in {problem}");
        var lookup = await App.CreateAdminClient().GetAsync("/api/admin/subscribers?email=ada%40example.org");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        await using var connection = await App.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM address_requests) + (SELECT COUNT(*) FROM subscribers) + (SELECT COUNT(*) FROM mail_outbox)"));
    }

    [Fact]
    public async Task ATopicErrorSaysWhichTopicAndWhere()
    {
        var response = await App.SignUpAsync("ada@example.org", "diffusion models", "graph \"neural networks");

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("topics[1]")[0].GetString();
        Assert.Contains("Topic 2", message, StringComparison.Ordinal);
        Assert.Contains("at character 7", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignUpFormShowsErrorsNextToTheFields()
    {
        var browser = App.CreateClient();
        var form = await browser.GetStringAsync("/");

        var response = await browser.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "not-an-address",
            ["topics"] = "diffusion models\nAND OR NEAR(",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(form),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"email-error\"", html, StringComparison.Ordinal);
        Assert.Contains("Topic 2", html, StringComparison.Ordinal);
        Assert.Contains("diffusion models", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignUpFormSendsTheConfirmationMail()
    {
        var browser = App.CreateClient();
        var form = await browser.GetStringAsync("/");

        var response = await browser.PostAsync("/subscribe", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "ada@example.org",
            ["topics"] = "diffusion models\r\n\r\ncat:cs.LG\r\n",
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(form),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Check your inbox", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await App.Inbox.WaitForAsync("ada@example.org");
        var topics = (await App.SubscriberAsync("ada@example.org")).Topics;
        Assert.Equal(["diffusion models", "cat:cs.LG"], topics);
    }

    [Fact]
    public async Task SignUpsBeyondTheLimitPerClientGet429()
    {
        await using var limited = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Subscriptions:SignupsPerMinutePerIp"] = "2" });

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await limited.SignUpAsync($"user{i}@example.org", "llm")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], answers);
    }
}
