using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace DigestMailer.Email;

/// <summary>
/// Builds every message the service sends: From, To, Date, Message-ID, a text + HTML alternative, the headers of its
/// kind, and last the DKIM signature, so nothing changes a message after it is signed.
/// </summary>
public sealed class MessageFactory(IOptions<SenderOptions> sender, IOptions<AppOptions> app, MessageSigner signer, TimeProvider time)
{
    readonly MailboxAddress digestFrom = sender.Value.FromAddress;
    readonly MailboxAddress accountFrom = sender.Value.AccountFromAddress;
    readonly string messageIdDomain = app.Value.BaseUri.Host;
    // RFC 2919: a stable name for the list, under a domain the sender controls.
    readonly string listId = $"DigestMailer digest <digest.{sender.Value.FromAddress.Domain}>";

    /// <summary>Mail about the subscription itself (confirmation, preferences link), sent because someone asked.</summary>
    public MimeMessage CreateAccountMail(string to, string subject, string text, string html)
    {
        var message = Create(accountFrom, to, subject, new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody());
        // RFC 3834: no vacation or auto-reply should answer it.
        message.Headers.Add(HeaderId.AutoSubmitted, "auto-generated");
        return signer.Sign(message);
    }

    /// <summary>A digest, from parts already rendered (see <see cref="TemplateLibrary.RenderPartAsync"/>).</summary>
    public MimeMessage CreateDigest(string to, string subject, TextPart text, TextPart html, string unsubscribeUrl)
    {
        var message = Create(digestFrom, to, subject, new MultipartAlternative { text, html });
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to this URL without a page.
        message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add(HeaderId.ListId, listId);
        return signer.Sign(message);
    }

    MimeMessage Create(MailboxAddress from, string to, string subject, MimeEntity body)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(messageIdDomain),
            Body = body,
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
