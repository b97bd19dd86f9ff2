using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace DigestMailer.IntegrationTests;

/// <summary>The keys behind the forms' anti-forgery tokens live in the database, shared by restarts and by every process.</summary>
public sealed class FormKeysTests : AppTest
{
    [Fact]
    public async Task AFormOpenedBeforeARestartIsStillAcceptedAfterIt()
    {
        var opened = await App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).GetAsync("/");
        var cookie = string.Join("; ", opened.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = AppScenarios.AntiforgeryToken(await opened.Content.ReadAsStringAsync());

        App = await App.RestartAsync();
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/subscribe")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["email"] = "ada@example.org",
                ["topics"] = "quantization",
            }),
        };
        submit.Headers.Add("Cookie", cookie);
        var submitted = await App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false }).SendAsync(submit);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        await App.Inbox.WaitForAsync("ada@example.org");
        Assert.NotEmpty(await App.QuerySqlAsync<string>("SELECT friendly_name FROM data_protection_keys"));
    }
}
