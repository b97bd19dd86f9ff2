using System.Net;
using Dapper;
using DigestMailer.Data;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

public sealed class LostLinkTests : AppTest
{
    [Fact]
    public async Task AKnownAddressGetsAMailWithAWorkingPreferencesLink()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");

        var answer = await RequestLinkAsync("ada@example.org");

        var mail = (await App.Inbox.WaitForAsync("ada@example.org", 2))[1];
        Assert.Equal("Your DigestMailer preferences link", mail.Subject);
        var page = await App.CreateClient().GetAsync(AppScenarios.PathAndQuery(AppScenarios.LinkIn(mail, "/preferences")));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("quantization", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Check your inbox", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownAddressGetsTheSameAnswerAndNoMail()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");

        var known = await RequestLinkAsync("ada@example.org");
        var unknown = await RequestLinkAsync("nobody@example.org");

        Assert.Equal(known.Replace("ada@example.org", "", StringComparison.Ordinal), unknown.Replace("nobody@example.org", "", StringComparison.Ordinal));
        Assert.Equal(1L, await OutboxCountAsync("preferences-link"));
    }

    [Fact]
    public async Task AtMostOneLinkMailGoesOutPerHour()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");

        await RequestLinkAsync("ada@example.org");
        await RequestLinkAsync("ada@example.org");
        App.Clock.Advance(TimeSpan.FromMinutes(61));
        await RequestLinkAsync("ada@example.org");

        Assert.Equal(2L, await OutboxCountAsync("preferences-link"));
    }

    [Fact]
    public async Task DeletingFromThePreferencesPageRemovesTheSubscriberAndTheirDigests()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization"));
        await App.RunDigestAsync("2026-11-25");
        var preferences = AppScenarios.PathAndQuery(AppScenarios.LinkIn((await App.Inbox.WaitForAsync("ada@example.org", 2))[1], "/preferences"));
        var browser = App.CreateClient();
        var page = await browser.GetStringAsync(preferences);

        var deleted = await browser.PostAsync(preferences.Replace("/preferences?", "/preferences/delete?", StringComparison.Ordinal), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["__RequestVerificationToken"] = AppScenarios.AntiforgeryToken(page) }));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        var lookup = await App.CreateAdminClient().GetAsync("/api/admin/subscribers?email=ada%40example.org");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
        await using var connection = await App.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("SELECT (SELECT COUNT(*) FROM digests) + (SELECT COUNT(*) FROM subscriber_topics) + (SELECT COUNT(*) FROM mail_outbox)"));
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(preferences)).StatusCode);
    }

    [Fact]
    public async Task ADeletedSubscribersOldLinkNeverOpensTheNextSubscriberWithTheSameId()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        var adasLink = (await RequestAndReadLinkAsync("ada@example.org"));
        var store = App.Service<DigestMailer.Subscriptions.SubscriptionStore>();
        var ada = (await store.FindByEmailAsync(new DigestMailer.Subscriptions.EmailAddress("ada@example.org", "ada@example.org"), CancellationToken.None))!;
        await store.DeleteAsync(ada.Id, CancellationToken.None);
        App.Clock.Advance(TimeSpan.FromSeconds(1));

        await App.SignUpAsync("bob@example.org", "quantization");
        var bob = (await store.FindByEmailAsync(new DigestMailer.Subscriptions.EmailAddress("bob@example.org", "bob@example.org"), CancellationToken.None))!;
        var response = await App.CreateClient().GetAsync(adasLink);

        if (!TestStorage.OnPostgres)
        {
            // SQLite gave the freed id to the next subscriber (PostgreSQL never reuses one): the case this guards.
            Assert.Equal(ada.Id, bob.Id);
        }

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("bob@example.org", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    async Task<string> RequestAndReadLinkAsync(string email)
    {
        var before = App.Inbox.To(email).Count;
        await RequestLinkAsync(email);
        return AppScenarios.PathAndQuery(AppScenarios.LinkIn((await App.Inbox.WaitForAsync(email, before + 1))[^1], "/preferences"));
    }

    Task<string> RequestLinkAsync(string email) => App.RequestPreferencesLinkAsync(email);

    async Task<long> OutboxCountAsync(string kind)
    {
        await using var connection = await App.Service<DbConnectionFactory>().OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM mail_outbox WHERE kind = @kind", new { kind });
    }
}
