using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>What a receiving mail server checks: DKIM over what went on the wire, the sender's identity, the greeting.</summary>
public sealed class DeliverabilityTests : IAsyncLifetime
{
    const string Postal = "DigestMailer · 1 Example Street · 12345 Exampletown";
    readonly DkimTestKey key = DkimTestKey.Create();
    DigestMailerApp app = null!;

    public async ValueTask InitializeAsync()
    {
        var settings = key.Settings;
        settings["Digest:From"] = "DigestMailer <digest@example.org>";
        settings["Digest:AccountFrom"] = "DigestMailer accounts <account@example.org>";
        settings["App:PostalAddress"] = Postal;
        settings["Smtp:LocalDomain"] = "mail.example.org";
        app = await DigestMailerApp.StartAsync(settings);
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        key.Dispose();
    }

    [Fact]
    public async Task EveryKindOfMailArrivesWithADkimSignatureThatVerifies()
    {
        var (confirmation, lostLink, digest) = await OneOfEachAsync();

        foreach (var mail in new[] { confirmation, lostLink, digest })
        {
            Assert.True(await key.VerifyAsync(mail), $"'{mail.Subject}' does not verify.");
            var signature = System.Text.RegularExpressions.Regex.Replace(mail.Headers[HeaderId.DkimSignature] ?? "", @"\s+", " ");
            Assert.Contains($"a=rsa-sha256; d={DkimTestKey.Domain}; s={DkimTestKey.Selector}; c=relaxed/relaxed", signature, StringComparison.Ordinal);
            Assert.Subset(DkimTestKey.SignedHeaders(mail).ToHashSet(), new HashSet<string> { "from", "to", "subject", "date", "message-id", "mime-version", "content-type" });
        }

        Assert.Subset(DkimTestKey.SignedHeaders(digest).ToHashSet(), new HashSet<string> { "list-id", "list-unsubscribe", "list-unsubscribe-post" });
        Assert.Contains("auto-submitted", DkimTestKey.SignedHeaders(confirmation));
    }

    [Fact]
    public async Task AMailChangedOnTheWayNoLongerVerifies()
    {
        var (_, _, digest) = await OneOfEachAsync();

        digest.Headers[HeaderId.ListUnsubscribe] = "<https://attacker.example/unsubscribe>";

        Assert.False(await key.VerifyAsync(digest));
    }

    [Fact]
    public async Task AccountMailComesFromTheAccountAddressAndSaysItIsAutomatic()
    {
        var (confirmation, lostLink, digest) = await OneOfEachAsync();

        Assert.All([confirmation, lostLink], mail =>
        {
            Assert.Equal("account@example.org", mail.From.Mailboxes.Single().Address);
            Assert.Equal("auto-generated", mail.Headers[HeaderId.AutoSubmitted]);
            Assert.False(mail.Headers.Contains(HeaderId.ListUnsubscribe));
        });
        Assert.Equal("digest@example.org", digest.From.Mailboxes.Single().Address);
        Assert.Equal("DigestMailer digest <digest.example.org>", digest.Headers[HeaderId.ListId]);
        Assert.False(digest.Headers.Contains(HeaderId.AutoSubmitted));
    }

    [Fact]
    public async Task EveryMailShowsThePostalAddressInBothParts()
    {
        var mails = await OneOfEachAsync();

        Assert.All([mails.Confirmation, mails.LostLink, mails.Digest], mail =>
        {
            Assert.Contains(Postal, mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(Postal, mail.HtmlBody, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task TheServiceGreetsTheRelayWithItsFullyQualifiedName()
    {
        await OneOfEachAsync();

        Assert.NotEmpty(app.Inbox.Greetings);
        Assert.All(app.Inbox.Greetings, name => Assert.Equal("mail.example.org", name));
    }

    [Fact]
    public async Task AConfirmationWrittenToThePickupFolderIsSignedToo()
    {
        var settings = key.Settings;
        var folder = Path.Combine(Path.GetTempPath(), "digestmailer-tests", $"pickup-{Guid.NewGuid():N}");
        settings["Smtp:Host"] = "";
        settings["Smtp:PickupDirectory"] = folder;
        await using var pickup = await DigestMailerApp.StartAsync(settings);

        (await pickup.SignUpAsync("ada@example.org", "quantization")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(
            () => Task.FromResult(Directory.Exists(folder) && Directory.GetFiles(folder, "*.eml").Length > 0),
            "an .eml file is in the pickup folder");

        var mail = await MimeMessage.LoadAsync(Directory.GetFiles(folder, "*.eml").Single());
        Directory.Delete(folder, recursive: true);

        Assert.True(await key.VerifyAsync(mail));
    }

    async Task<(MimeMessage Confirmation, MimeMessage LostLink, MimeMessage Digest)> OneOfEachAsync()
    {
        await app.SubscribeAsync("ada@example.org", "quantization");
        await app.RequestPreferencesLinkAsync("ada@example.org");
        await app.IngestAsync(PaperBuilder.Titled("Low-Bit Quantization of Große Sprachmodelle").WithAuthors("Zoë Müller", "José Núñez"));
        var run = await app.RunDigestAsync("2026-11-25");
        Assert.Equal(1, run.Sent);
        var mails = await app.Inbox.WaitForAsync("ada@example.org", 3);
        return (
            mails.Single(m => m.Subject?.StartsWith("Confirm", StringComparison.Ordinal) == true),
            mails.Single(m => m.Subject?.Contains("preferences link", StringComparison.Ordinal) == true),
            mails.Single(m => m.Headers.Contains(HeaderId.ListUnsubscribe)));
    }
}
