using MimeKit;

namespace DigestMailer.Testing;

/// <summary>
/// Bounce (RFC 3464 DSN) and complaint (RFC 5965 ARF) reports as receiving servers write them, built with MimeKit's
/// report types and read back from their bytes, as a server or an IMAP mailbox would hand them over.
/// </summary>
public static class BounceReports
{
    /// <param name="to">Where the report goes: the envelope sender of the bounced message (a VERP address).</param>
    /// <param name="action">failed, delayed, delivered…</param>
    /// <param name="diagnostic">The remote server's reply, as in "smtp; 550 5.1.1 user unknown"; none to leave it out.</param>
    public static MimeMessage Dsn(
        string to, string finalRecipient, string action, string status, string? diagnostic = null, string? envelopeId = null, MimeMessage? original = null)
    {
        var perMessage = new HeaderList { { "Reporting-MTA", "dns; mx.example.net" } };
        if (envelopeId is not null)
        {
            perMessage.Add("Original-Envelope-Id", envelopeId);
        }

        var perRecipient = new HeaderList
        {
            { "Final-Recipient", $"rfc822; {finalRecipient}" },
            { "Action", action },
            { "Status", status },
        };
        if (diagnostic is not null)
        {
            perRecipient.Add("Diagnostic-Code", diagnostic);
        }

        var status822 = new MessageDeliveryStatus();
        status822.StatusGroups.Add(perMessage);
        status822.StatusGroups.Add(perRecipient);
        var report = new MultipartReport("delivery-status")
        {
            new TextPart("plain") { Text = $"Your message to {finalRecipient} could not be delivered.\n" },
            status822,
        };
        if (original is not null)
        {
            var headers = new MemoryStream();
            original.Headers.WriteTo(headers);
            headers.Position = 0;
            report.Add(new MimePart("text", "rfc822-headers") { Content = new MimeContent(headers) });
        }

        return Finish("Mail Delivery System <MAILER-DAEMON@mx.example.net>", to, "Undelivered Mail Returned to Sender", report);
    }

    /// <param name="to">The feedback-loop address the provider sends complaints to.</param>
    /// <param name="original">The complained-about message, returned whole (providers may redact its recipient).</param>
    public static MimeMessage Arf(string to, MimeMessage original, string feedbackType = "abuse", string? originalMailFrom = null, string? originalRcptTo = null)
    {
        var feedback = new MessageFeedbackReport();
        feedback.Fields.Add("Feedback-Type", feedbackType);
        feedback.Fields.Add("User-Agent", "ExampleFBL/1.0");
        feedback.Fields.Add("Version", "1");
        if (originalMailFrom is not null)
        {
            feedback.Fields.Add("Original-Mail-From", $"<{originalMailFrom}>");
        }

        if (originalRcptTo is not null)
        {
            feedback.Fields.Add("Original-Rcpt-To", $"<{originalRcptTo}>");
        }

        var report = new MultipartReport("feedback-report")
        {
            new TextPart("plain") { Text = "This is an email abuse report for an email message received from IP 203.0.113.10.\n" },
            feedback,
            new MessagePart { Message = original },
        };
        return Finish("Feedback Loop <fbl@mx.example.net>", to, "Abuse report", report);
    }

    /// <summary>The report's raw bytes, as posted to the admin API or appended to a mailbox.</summary>
    public static byte[] Bytes(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }

    static MimeMessage Finish(string from, string to, string subject, MimeEntity body)
    {
        var message = new MimeMessage { Subject = subject, Date = DateTimeOffset.UtcNow, Body = body };
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("mx.example.net");
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(to));
        // Read back from bytes, so the parts are MimeKit's parsed report types, as a receiver's would be.
        return MimeMessage.Load(new MemoryStream(Bytes(message)));
    }
}
