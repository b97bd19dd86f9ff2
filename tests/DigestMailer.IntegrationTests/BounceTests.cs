using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>Bounces and complaints that come back after the relay accepted a message, posted to the admin API.</summary>
public sealed class BounceTests : IAsyncLifetime
{
    const string Ada = "ada@example.org";
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync() => app = await DigestMailerApp.StartAsync(new Dictionary<string, string?>
    {
        ["Bounces:Address"] = "bounces@example.org",
        ["Bounces:SoftBounceLimit"] = "2",
    });

    public async ValueTask DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public async Task EveryMailLeavesWithItsOwnSignedReturnPath()
    {
        var digest = await DigestToAsync(Ada, "2026-11-25");
        var digestId = await DigestIdAsync(Ada, "2026-11-25");

        Assert.Matches($@"^<bounces\+d{digestId}-[0-9a-f]{{16}}@example\.org>$", digest.Headers[HeaderId.ReturnPath]);
        Assert.Matches(@"^<bounces\+s\d+-[0-9a-f]{16}@example\.org>$", app.Inbox.To(Ada)[0].Headers[HeaderId.ReturnPath]);
        Assert.Equal("digest@localhost", digest.From.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task AHardBounceToTheReturnPathMarksTheSubscriberBouncedAndStopsTheirMail()
    {
        var digest = await DigestToAsync(Ada, "2026-11-25");
        var digestId = await DigestIdAsync(Ada, "2026-11-25");
        var dsn = BounceReports.Dsn(ReturnPath(digest), Ada, "failed", "5.1.1", "smtp; 550 5.1.1 <ada@example.org>: Recipient address rejected: User unknown");

        var answer = await PostAsync(dsn);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var recipient = (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0];
        Assert.Equal((Ada, digestId, "hard", "bounced", "bounced"), (
            recipient.GetProperty("email").GetString(), recipient.GetProperty("digestId").GetInt64(), recipient.GetProperty("kind").GetString(),
            recipient.GetProperty("action").GetString(), recipient.GetProperty("subscriberStatus").GetString()));
        Assert.Equal("bounced", (await app.SubscriberAsync(Ada)).Status);

        var mails = app.Inbox.To(Ada).Count;
        await app.IngestAsync(PaperBuilder.Titled("Quantization at Two Bits"));
        var next = await app.RunDigestAsync("2026-11-26");
        Assert.Equal((0, 0), (next.Planned, next.Sent));
        Assert.Equal(mails, app.Inbox.To(Ada).Count);
    }

    [Fact]
    public async Task AHardBounceSentElsewhereFindsItsDigestByTheDsnEnvelopeId()
    {
        var digest = await DigestToAsync(Ada, "2026-11-25");
        var digestId = await DigestIdAsync(Ada, "2026-11-25");
        var returnPath = ReturnPath(digest);
        var tag = returnPath[(returnPath.IndexOf('+', StringComparison.Ordinal) + 1)..returnPath.IndexOf('@', StringComparison.Ordinal)];
        // A relay that answers to its own postmaster address rather than the envelope sender keeps the ENVID we gave it.
        var dsn = BounceReports.Dsn("postmaster@example.org", Ada, "failed", "5.1.1", "smtp; 550 5.1.1 User unknown", envelopeId: tag);

        var recipient = (await (await PostAsync(dsn)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0];

        Assert.Equal((digestId, "bounced"), (recipient.GetProperty("digestId").GetInt64(), recipient.GetProperty("action").GetString()));
        Assert.Equal("bounced", (await app.SubscriberAsync(Ada)).Status);
    }

    [Fact]
    public async Task SoftBouncesSuppressAnAddressOnlyOnceDistinctMessagesPassTheLimit()
    {
        var first = await DigestToAsync(Ada, "2026-11-25");

        // A message's journey sends a delay notice after 4 hours and again after a day: one message, one soft bounce.
        foreach (var hours in new[] { 4, 24 })
        {
            var delayed = await PostAsync(BounceReports.Dsn(ReturnPath(first), Ada, "delayed", "4.2.2", $"smtp; 452 4.2.2 Mailbox full (retrying for {hours} h)"));
            Assert.Equal("counted", await ActionAsync(delayed));
        }

        var sameReportAgain = BounceReports.Dsn(ReturnPath(first), Ada, "failed", "4.4.7", "smtp; 421 4.4.7 Message expired");
        Assert.Equal("counted", await ActionAsync(await PostAsync(sameReportAgain)));
        Assert.Equal("duplicate", await ActionAsync(await PostAsync(sameReportAgain)));
        Assert.Equal("active", (await app.SubscriberAsync(Ada)).Status);

        await app.IngestAsync(PaperBuilder.Titled("Quantization at Two Bits"));
        Assert.Equal(1, (await app.RunDigestAsync("2026-11-26")).Sent);
        var second = app.Inbox.To(Ada)[^1];
        Assert.Equal("suppressed", await ActionAsync(await PostAsync(BounceReports.Dsn(ReturnPath(second), Ada, "delayed", "4.4.1", "smtp; 451 4.4.1 No answer"))));
        Assert.Equal("bounced", (await app.SubscriberAsync(Ada)).Status);
    }

    [Fact]
    public async Task AFeedbackLoopComplaintUnsubscribesTheReader_EvenWithTheirAddressRedacted()
    {
        var digest = await DigestToAsync(Ada, "2026-11-25");
        // Providers return the message with the reader's address blanked out and may drop the envelope: the signed
        // unsubscribe link in the returned headers still names the subscriber.
        digest.Headers.Remove(HeaderId.ReturnPath);
        digest.To.Clear();
        digest.To.Add(new MailboxAddress("", "redacted@example.net"));

        var answer = await PostAsync(BounceReports.Arf("fbl@example.org", digest));

        Assert.Equal("unsubscribed", await ActionAsync(answer));
        Assert.Equal("unsubscribed", (await app.SubscriberAsync(Ada)).Status);
    }

    [Fact]
    public async Task AMessageThatIsNoReportIsRefusedNamingWhatWasExpected()
    {
        var autoReply = new MimeMessage { Subject = "Out of office", Body = new TextPart("plain") { Text = "Back on Monday." } };
        autoReply.From.Add(MailboxAddress.Parse(Ada));

        var answer = await PostAsync(autoReply);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.Contains("report-type=delivery-status", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReportAboutNoSubscriberOfOursChangesNothingAndSaysSo()
    {
        await DigestToAsync(Ada, "2026-11-25");
        var forged = BounceReports.Dsn("bounces+d1-0000000000000000@example.org", "stranger@example.net", "failed", "5.1.1");

        var answer = await PostAsync(forged);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("stranger@example.net", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("active", (await app.SubscriberAsync(Ada)).Status);
    }

    async Task<MimeMessage> DigestToAsync(string email, string date)
    {
        await app.SubscribeAsync(email, "quantization");
        await app.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization of Language Models"));
        Assert.Equal(1, (await app.RunDigestAsync(date)).Sent);
        return app.Inbox.To(email)[^1];
    }

    async Task<long> DigestIdAsync(string email, string date) => (await app.QuerySqlAsync<long>(
        "SELECT d.id FROM digests d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = @email AND d.digest_date = @date",
        new { email, date })).Single();

    static string ReturnPath(MimeMessage received) => received.Headers[HeaderId.ReturnPath]!.Trim('<', '>');

    async Task<HttpResponseMessage> PostAsync(MimeMessage report)
    {
        var content = new ByteArrayContent(BounceReports.Bytes(report));
        content.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        return await app.CreateAdminClient().PostAsync("/api/admin/bounces", content);
    }

    static async Task<string?> ActionAsync(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients")[0].GetProperty("action").GetString();
    }
}
