using DigestMailer.Digests;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;

namespace DigestMailer.Email;

/// <summary>Builds the envelope every mail shares: From, To, Date, Message-ID and a text + HTML alternative.</summary>
public sealed class MessageFactory(IOptions<DigestOptions> digest, IOptions<AppOptions> app, TimeProvider time)
{
    readonly MailboxAddress from = digest.Value.FromAddress;
    readonly string messageIdDomain = app.Value.BaseUri.Host;

    public MimeMessage Create(string to, string subject, string text, string html)
    {
        var message = new MimeMessage
        {
            Subject = subject,
            Date = time.GetUtcNow(),
            MessageId = MimeUtils.GenerateMessageId(messageIdDomain),
            Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(to));
        return message;
    }
}
