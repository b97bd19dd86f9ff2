using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Cryptography;

namespace DigestMailer.Email;

/// <summary>Signs each finished message with DKIM (RSA-SHA256, relaxed/relaxed) when Dkim:* is set; otherwise leaves it.</summary>
public sealed class MessageSigner
{
    // RFC 6376 5.4.1 and RFC 8058 3.3: the signature must cover From and the one-click unsubscribe headers; the rest
    // are those a forwarder or a spammer would like to change.
    static readonly string[] Signed =
    [
        "From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
        "MIME-Version", "Content-Type", "Auto-Submitted",
    ];

    readonly DkimSigner? signer;

    public MessageSigner(IOptions<DkimOptions> options, TimeProvider time)
    {
        var dkim = options.Value;
        if (dkim.Enabled)
        {
            signer = new ClockedSigner(DkimKey.Load(dkim.PrivateKeyPath!), dkim.Domain!, dkim.Selector!, time)
            {
                HeaderCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
                BodyCanonicalizationAlgorithm = DkimCanonicalizationAlgorithm.Relaxed,
            };
        }
    }

    public MimeMessage Sign(MimeMessage message)
    {
        if (signer is null)
        {
            return message;
        }

        // MailKit re-encodes 8bit bodies for a relay without 8BITMIME unless the message is already signed; preparing
        // for 7bit first means no relay ever needs to change what the signature covers.
        message.Prepare(EncodingConstraint.SevenBit, 78);
        signer.Sign(message, Signed.Where(name => Present(message, name)).ToList());
        return message;
    }

    // The Content-* headers of the top-level entity live on the body, as MimeKit's signer reads them.
    static bool Present(MimeMessage message, string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) ? message.Body?.Headers.Contains(name) == true : message.Headers.Contains(name);

    /// <summary>t= from the service's clock, like every other time the service writes.</summary>
    sealed class ClockedSigner(DkimKey key, string domain, string selector, TimeProvider time)
        : DkimSigner(key.PrivateKey, domain, selector, DkimSignatureAlgorithm.RsaSha256)
    {
        protected override long GetTimestamp() => time.GetUtcNow().ToUnixTimeSeconds();
    }
}
