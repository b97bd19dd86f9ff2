using System.Net;
using System.Net.Http.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>The confirmation mail and page name the frequency the person chose, never "daily" to a weekly subscriber.</summary>
public sealed class ConfirmationWordingTests : AppTest
{
    [Fact]
    public async Task AWeeklySubscribersConfirmationMailSaysWeeklyAndTheirDay()
    {
        var mail = await SignUpAsync("weekly");

        Assert.Contains("asked for a weekly digest on Thursdays of new research papers", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("asked for a weekly digest on Thursdays of new research papers", mail.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("daily", mail.TextBody + mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADailySubscribersConfirmationMailSaysDaily()
    {
        var mail = await SignUpAsync("daily");

        Assert.Contains("asked for a daily digest of new research papers", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWeeklySubscribersConfirmationPageNamesTheNextWeeklyIssue()
    {
        var mail = await SignUpAsync("weekly");
        var browser = App.CreateClient();
        var confirmPage = await browser.GetStringAsync(AppScenarios.PathAndQuery(AppScenarios.LinkIn(mail, "/confirm")));

        var confirmed = await browser.PostAsync("/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = AppScenarios.TokenFrom(AppScenarios.LinkIn(mail, "/confirm")),
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(confirmPage),
        }));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        var page = await confirmed.Content.ReadAsStringAsync();
        Assert.Contains("Your first digest arrives with the next weekly issue, on Thursday", page, StringComparison.Ordinal);
        Assert.DoesNotContain("daily", page, StringComparison.OrdinalIgnoreCase);
    }

    async Task<MimeMessage> SignUpAsync(string frequency)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new
        {
            email = "ada@example.org",
            topics = new[] { "quantization" },
            frequency,
            weekday = "thursday",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return Assert.Single(await App.Inbox.WaitForAsync("ada@example.org"));
    }
}
