using DigestMailer.Bounces;
using DigestMailer.IntegrationTests.Infrastructure;
using Hangfire;
using MailKit;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>The bounce mailbox read over IMAP from a real Dovecot, by the recurring job as Hangfire runs it.</summary>
public sealed class BounceMailboxTests : IAsyncLifetime
{
    const string Ada = "ada@example.org";
    const string Bob = "bob@example.org";
    readonly string mailbox = "bounces-" + Guid.NewGuid().ToString("N")[..8];
    Dovecot dovecot = null!;
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync() => dovecot = await Dovecot.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        await dovecot.DisposeAsync();
    }

    [Fact]
    public async Task BouncesAndComplaintsInTheMailboxReachTheSubscribers_AndEachIsReadOnce()
    {
        await StartAsync();
        var (ada, bob) = await DigestsAsync();
        var hard = BounceReports.Dsn(ReturnPath(ada), Ada, "failed", "5.1.1", "smtp; 550 5.1.1 User unknown");
        await dovecot.AppendAsync(mailbox, hard);
        await dovecot.AppendAsync(mailbox, BounceReports.Arf("fbl@example.org", bob, originalMailFrom: ReturnPath(bob)));
        await dovecot.AppendAsync(mailbox, OutOfOffice());

        await ReadMailboxAsync();

        Assert.Equal("bounced", await StatusAsync(Ada));
        Assert.Equal("unsubscribed", await StatusAsync(Bob));
        var read = await dovecot.ReadAsync(mailbox);
        Assert.Equal(3, read.Count);
        Assert.All(read, m => Assert.True(m.Flags.HasFlag(MessageFlags.Seen), $"'{m.Message.Subject}' was not flagged as read"));

        // The same report delivered a second time (a retrying relay) is read, and counts once.
        await dovecot.AppendAsync(mailbox, hard);
        await ReadMailboxAsync();
        Assert.Equal([1L], await app.QuerySqlAsync<long>(
            "SELECT COUNT(*) FROM delivery_reports r JOIN subscribers s ON s.id = r.subscriber_id WHERE s.email = @Ada", new { Ada }));
    }

    [Fact]
    public async Task ReadReportsAreMovedToTheProcessedFolder_WhenOneIsSet()
    {
        await StartAsync(("Bounces:Imap:ProcessedFolder", "Processed"));
        var (ada, _) = await DigestsAsync();
        await dovecot.AppendAsync(mailbox, BounceReports.Dsn(ReturnPath(ada), Ada, "delayed", "4.2.2", "smtp; 452 4.2.2 Mailbox full"));

        await ReadMailboxAsync();

        Assert.Empty(await dovecot.ReadAsync(mailbox));
        Assert.Single(await dovecot.ReadAsync(mailbox, "Processed"));
        Assert.Equal("active", await StatusAsync(Ada));
        Assert.Equal(["soft"], await app.QuerySqlAsync<string>("SELECT kind FROM delivery_reports"));
    }

    [Fact]
    public async Task AForgedBounceNamingOnlyAnAddressChangesNobody_WhenReturnPathsAreSigned()
    {
        await StartAsync();
        await DigestsAsync();
        await dovecot.AppendAsync(mailbox, BounceReports.Dsn("bounces@example.org", Ada, "failed", "5.1.1", "smtp; 550 5.1.1 User unknown"));

        await ReadMailboxAsync();

        Assert.Equal("active", await StatusAsync(Ada));
        Assert.True((await dovecot.ReadAsync(mailbox)).Single().Flags.HasFlag(MessageFlags.Seen));
    }

    async Task StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = dovecot.Settings(mailbox);
        settings["Bounces:Address"] = "bounces@example.org";
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        app = await DigestMailerApp.StartAsync(settings);
    }

    async Task<(MimeMessage Ada, MimeMessage Bob)> DigestsAsync()
    {
        await app.SubscribeAsync(Ada, "quantization");
        await app.SubscribeAsync(Bob, "quantization");
        await app.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization of Language Models"));
        Assert.Equal(2, (await app.RunDigestAsync("2026-11-25")).Sent);
        return (app.Inbox.To(Ada)[^1], app.Inbox.To(Bob)[^1]);
    }

    /// <summary>Triggers the recurring job through Hangfire and waits until it has read every message in the folder.</summary>
    async Task ReadMailboxAsync()
    {
        app.Service<IRecurringJobManager>().Trigger(ReadBounceMailboxJob.RecurringJobId);
        await Eventually.HoldsAsync(
            async () => await dovecot.FlagsAsync(mailbox) is { } flags && flags.All(f => f.HasFlag(MessageFlags.Seen)),
            "every message in the bounce mailbox was read");
    }

    async Task<string?> StatusAsync(string email) => (await app.SubscriberAsync(email)).Status;

    static string ReturnPath(MimeMessage received) => received.Headers[HeaderId.ReturnPath]!.Trim('<', '>');

    static MimeMessage OutOfOffice()
    {
        var reply = new MimeMessage { Subject = "Out of office", Body = new TextPart("plain") { Text = "Back on Monday." } };
        reply.From.Add(MailboxAddress.Parse("carol@example.net"));
        reply.To.Add(MailboxAddress.Parse("bounces@example.org"));
        return reply;
    }
}
