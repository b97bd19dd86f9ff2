using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using DigestMailer.Email;
using DigestMailer.Testing;
using Microsoft.Extensions.Options;
using MimeKit;

namespace DigestMailer.Tests.Email;

public sealed class DkimTests : IDisposable
{
    readonly DkimTestKey key = DkimTestKey.Create();

    public void Dispose() => key.Dispose();

    [Fact]
    public async Task Sign_MakesASignatureThatVerifiesAfterTheTripThroughSmtpBytes()
    {
        var message = Signer().Sign(Message("Grüße aus Köln — naïve café"));

        var received = await Reparse(message);

        Assert.True(await key.VerifyAsync(received));
        Assert.Equal(["from", "to", "subject", "date", "message-id", "mime-version", "content-type"], DkimTestKey.SignedHeaders(received));
    }

    [Fact]
    public async Task Sign_PreparesTheBodyFor7BitRelays_SoNoRelayReencodesWhatWasSigned()
    {
        var message = Signer().Sign(Message("Grüße aus Köln"));

        var part = (TextPart)message.BodyParts.Single();
        Assert.Contains(part.ContentTransferEncoding, new[] { ContentEncoding.QuotedPrintable, ContentEncoding.Base64 });
        Assert.True(await key.VerifyAsync(await Reparse(message)));
    }

    [Fact]
    public async Task Verify_Fails_WhenAnyoneChangesASignedHeaderOnTheWay()
    {
        var received = await Reparse(Signer().Sign(Message("Hello")));

        received.Subject = "Hello, changed";

        Assert.False(await key.VerifyAsync(received));
    }

    [Fact]
    public void Sign_LeavesTheMessageAlone_WhenDkimIsNotConfigured()
    {
        var message = new MessageSigner(Options.Create(new DkimOptions()), TimeProvider.System).Sign(Message("Hello"));

        Assert.False(message.Headers.Contains(HeaderId.DkimSignature));
    }

    [Fact]
    public void Record_IsAZoneFileTxtRecordInStringsOfAtMost255Characters()
    {
        var record = key.Record;

        Assert.StartsWith($"{DkimTestKey.Selector}._domainkey.{DkimTestKey.Domain}. IN TXT ( \"v=DKIM1; k=rsa; p=MII", record, StringComparison.Ordinal);
        var strings = System.Text.RegularExpressions.Regex.Matches(record, "\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.True(strings.Count >= 2, record);
        Assert.All(strings, s => Assert.InRange(s.Length, 1, 255));
    }

    [Fact]
    public void Validate_Passes_WhenNothingOrEverythingIsSet()
    {
        Assert.Empty(Validate(new DkimOptions()));
        Assert.Empty(Validate(new DkimOptions { Domain = "example.org", Selector = "s1", PrivateKeyPath = key.PrivateKeyPath }));
    }

    [Fact]
    public void Validate_NamesTheMissingKeys_WhenOnlySomeAreSet()
    {
        var error = Assert.Single(Validate(new DkimOptions { Domain = "example.org" }));

        Assert.Contains("missing: Dkim:Selector, Dkim:PrivateKeyPath", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesThePrivateKeyPath_WhenTheFileIsMissingOrNoKey()
    {
        var notAKey = Path.GetTempFileName();
        File.WriteAllText(notAKey, "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n");
        try
        {
            var missing = Assert.Single(Validate(new DkimOptions { Domain = "example.org", Selector = "s1", PrivateKeyPath = "/nonexistent/dkim.pem" }));
            var wrong = Assert.Single(Validate(new DkimOptions { Domain = "example.org", Selector = "s1", PrivateKeyPath = notAKey }));

            Assert.StartsWith("Dkim:PrivateKeyPath '/nonexistent/dkim.pem': no such file", missing, StringComparison.Ordinal);
            Assert.StartsWith($"Dkim:PrivateKeyPath '{notAKey}':", wrong, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notAKey);
        }
    }

    [Fact]
    public void Validate_RefusesAKeyTooShortForReceiversToTrust()
    {
        var path = Path.GetTempFileName();
        using (var rsa = RSA.Create(768))
        {
            File.WriteAllText(path, rsa.ExportRSAPrivateKeyPem());
        }

        try
        {
            var error = Assert.Single(Validate(new DkimOptions { Domain = "example.org", Selector = "s1", PrivateKeyPath = path }));
            Assert.Contains("768-bit", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    MessageSigner Signer() => new(Options.Create(new DkimOptions
    {
        Domain = DkimTestKey.Domain,
        Selector = DkimTestKey.Selector,
        PrivateKeyPath = key.PrivateKeyPath,
    }), TimeProvider.System);

    static MimeMessage Message(string text)
    {
        var message = new MimeMessage { Subject = "Hello", Date = DateTimeOffset.UtcNow, Body = new TextPart("plain") { Text = text } };
        message.From.Add(new MailboxAddress("DigestMailer", "digest@example.org"));
        message.To.Add(new MailboxAddress("", "ada@example.org"));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("example.org");
        return message;
    }

    /// <summary>The message as a receiving server parses it from the bytes of the SMTP DATA.</summary>
    static async Task<MimeMessage> Reparse(MimeMessage message)
    {
        using var bytes = new MemoryStream();
        await message.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, bytes);
        bytes.Position = 0;
        return await MimeMessage.LoadAsync(bytes);
    }

    static List<string> Validate(DkimOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results.Select(r => r.ErrorMessage!).ToList();
    }
}
