using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace DigestMailer.IntegrationTests;

public sealed class SignupTests : AppTest
{
    [Fact]
    public async Task SigningUpAnswers202AndMailsAConfirmationLink()
    {
        var response = await App.SignUpAsync("ada@example.org", "diffusion models", "cat:cs.LG");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var mail = Assert.Single(await App.Inbox.WaitForAsync("ada@example.org"));
        Assert.Equal("Confirm your DigestMailer subscription", mail.Subject);
        Assert.Contains("diffusion models", mail.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/confirm?token=", AppScenarios.LinkIn(mail, "/confirm"), StringComparison.Ordinal);
        Assert.Equal("pending", (await App.SubscriberAsync("ada@example.org")).Status);
    }

    [Fact]
    public async Task OpeningTheConfirmLinkShowsAButtonAndChangesNothing()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        var link = AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org"))[0], "/confirm");

        var page = await App.CreateClient().GetAsync(AppScenarios.PathAndQuery(link));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<button type=\"submit\">Confirm subscription</button>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("pending", (await App.SubscriberAsync("ada@example.org")).Status);
    }

    [Fact]
    public async Task PressingConfirmOnThePageActivatesTheSubscription()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        var link = AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org"))[0], "/confirm");
        var browser = App.CreateClient();
        var page = await (await browser.GetAsync(AppScenarios.PathAndQuery(link))).Content.ReadAsStringAsync();

        var confirmed = await browser.PostAsync("/confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = AppScenarios.TokenFrom(link),
            ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("subscribed", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var subscriber = await App.SubscriberAsync("ada@example.org");
        Assert.Equal("active", subscriber.Status);
        Assert.Equal(["diffusion models"], subscriber.Topics);
    }

    [Fact]
    public async Task ConfirmingThroughTheApiActivatesTheSubscription()
    {
        await App.SubscribeAsync("ada@example.org", "diffusion models");

        Assert.Equal("active", (await App.SubscriberAsync("ada@example.org")).Status);
    }

    [Fact]
    public async Task ATamperedConfirmTokenIsRejectedAndChangesNothing()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        var token = AppScenarios.TokenFrom(AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org"))[0], "/confirm"));
        var tampered = token.Replace("c.1.", "c.2.", StringComparison.Ordinal);

        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token = tampered });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("token", out _));
        Assert.Equal("pending", (await App.SubscriberAsync("ada@example.org")).Status);
    }

    [Fact]
    public async Task AConfirmLinkOlderThanSevenDaysHasExpired()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        var token = AppScenarios.TokenFrom(AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org"))[0], "/confirm"));
        App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var response = await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheConfirmPageOfALinkOlderThanSevenDaysSaysItHasExpired()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        var link = AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org"))[0], "/confirm");
        App.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));

        var response = await App.CreateClient().GetAsync(AppScenarios.PathAndQuery(link));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(DigestMailer.Subscriptions.LinkMessages.Expired), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SigningUpAKnownAddressAnswersExactlyLikeANewOne(bool confirmed)
    {
        await (confirmed ? App.SubscribeAsync("ada@example.org", "diffusion models") : App.SignUpAsync("ada@example.org", "diffusion models"));

        var known = await App.SignUpAsync("ada@example.org", "diffusion models");
        var unknown = await App.SignUpAsync("bob@example.org", "diffusion models");

        Assert.Equal(unknown.StatusCode, known.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await known.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASignupIsAnsweredOnceReceivedDoingTheSameWorkForAKnownAddressAsForANewOne()
    {
        await using var app = await DigestMailerApp.StartWithoutAsync<AddressRequestProcessor>();
        var processor = ActivatorUtilities.CreateInstance<AddressRequestProcessor>(app.Services);
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = new[] { "diffusion models" } });
        await processor.ApplyBatchAsync(CancellationToken.None);
        var confirmation = (await app.Inbox.WaitForAsync("ada@example.org"))[0];
        var token = AppScenarios.TokenFrom(AppScenarios.LinkIn(confirmation, "/confirm"));
        (await client.PostAsJsonAsync("/api/subscriptions/confirm", new { token })).EnsureSuccessStatusCode();
        var before = await AccountRowsAsync(app);

        var known = await client.PostAsJsonAsync("/api/subscriptions", new { email = "ada@example.org", topics = new[] { "quantization" } });
        var unknown = await client.PostAsJsonAsync("/api/subscriptions", new { email = "bob@example.org", topics = new[] { "quantization" } });
        var answered = await AccountRowsAsync(app);
        var received = await app.QuerySqlAsync<string>("SELECT payload FROM address_requests ORDER BY id");
        var taken = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (known.StatusCode, unknown.StatusCode));
        // Until the answer, each request stored its sign-up as received, in one row of the same shape, and nothing else.
        Assert.Equal(before, answered);
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].Replace("ada", "bob", StringComparison.Ordinal), received[1]);
        // Applied afterwards: a new pending subscriber; the subscriber's change waits for its owner's confirmation.
        Assert.Equal(2, taken);
        Assert.Equal("pending", (await app.SubscriberAsync("bob@example.org")).Status);
        var ada = await app.SubscriberAsync("ada@example.org");
        Assert.Equal("active", ada.Status);
        Assert.Equal(["diffusion models"], ada.Topics);
        Assert.Equal("[\"quantization\"]", (await app.QuerySqlAsync<string>("SELECT pending_topics FROM subscribers WHERE email = 'ada@example.org'")).Single());
        Assert.Empty(await app.QuerySqlAsync<long>("SELECT id FROM address_requests"));
    }

    static async Task<string> AccountRowsAsync(DigestMailerApp app) => string.Join(
        "\n",
        await app.QuerySqlAsync<string>(
            """
            SELECT 'subscriber ' || email || ' ' || status || ' ' || COALESCE(pending_topics, '-') FROM subscribers
            UNION ALL SELECT 'topic ' || topic FROM subscriber_topics
            UNION ALL SELECT 'mail ' || kind FROM mail_outbox
            UNION ALL SELECT 'limit ' || address_key FROM address_mail_limits
            ORDER BY 1
            """));

    [Fact]
    public async Task RepeatedSignUpsSendAtMostOneConfirmationMailPerHour()
    {
        await App.SignUpAsync("ada@example.org", "diffusion models");
        await App.Inbox.WaitForAsync("ada@example.org");

        await App.SignUpAsync("ada@example.org", "diffusion models");
        await App.SignUpAsync("ADA@EXAMPLE.ORG".Replace("ADA", "ada", StringComparison.Ordinal), "quantization");
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await App.SignUpAsync("ada@example.org", "quantization");

        var mails = await App.Inbox.WaitForAsync("ada@example.org", 2);
        await App.WaitUntilNothingIsLeftToSendAsync();
        Assert.Equal(2, App.Inbox.To("ada@example.org").Count);
        Assert.Contains("quantization", mails[1].TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CaseVariantsOfOneAddressGetOneConfirmationMailAnHour()
    {
        string[] variants = ["ada@example.org", "Ada@example.org", "ADA@example.org", "aDa@Example.org", "adA@EXAMPLE.ORG", "ADa@example.ORG"];

        foreach (var variant in variants)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await App.SignUpAsync(variant, "diffusion models")).StatusCode);
        }

        // Every mail goes out from a row queued with its sign-up, so one row means one mail, now and later.
        Assert.Equal(1L, (await App.StoredAsync()).Outbox);
        Assert.Single(await App.Inbox.WaitForAsync("ada@example.org"));
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await App.SignUpAsync("ADA@EXAMPLE.ORG", "diffusion models");
        Assert.Equal(2L, (await App.StoredAsync()).Outbox);
    }

    [Fact]
    public async Task ASignUpOfAnActiveAddressChangesItsTopicsOnlyOnConfirmation()
    {
        await App.SubscribeAsync("ada@example.org", "diffusion models");
        App.Clock.Advance(TimeSpan.FromHours(2));

        await App.SignUpAsync("ada@example.org", "quantization");
        var token = AppScenarios.TokenFrom(AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org", 2))[1], "/confirm"));
        var before = await App.SubscriberAsync("ada@example.org");
        await App.CreateClient().PostAsJsonAsync("/api/subscriptions/confirm", new { token });
        var after = await App.SubscriberAsync("ada@example.org");

        Assert.Equal("diffusion models", before.Topics[0]);
        Assert.Equal("quantization", after.Topics[0]);
    }

    [Fact]
    public async Task DomainsCompareCaseInsensitively()
    {
        await App.SubscribeAsync("ada@example.org", "diffusion models");

        var subscriber = await App.SubscriberAsync("ada@EXAMPLE.org");

        Assert.Equal("ada@example.org", subscriber.Email);
    }
}
