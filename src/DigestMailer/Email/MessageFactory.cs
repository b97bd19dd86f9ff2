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

    public MimeMessage Create(string to, string subject, string text, string html) =>
        Create(to, subject, new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody());

    /// <summary>The same message from parts already made, as <see cref="TemplateLibrary.RenderPartAsync"/> makes them.</summary>
    public MimeMessage Create(string to, string subject, TextPart text, TextPart html) =>
        Create(to, subject, new MultipartAlternative { text, html });

    MimeMessage Create(string to, string subject, MimeEntity body)
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
