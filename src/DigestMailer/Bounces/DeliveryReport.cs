using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DigestMailer.Email;
using MailKit.Net.Smtp;
using MimeKit;

namespace DigestMailer.Bounces;

public enum ReportKind
{
    /// <summary>The mailbox does not exist or is disabled (5.1.x, 5.2.1): no more mail to it.</summary>
    Hard,

    /// <summary>Not delivered for now or for a reason of that message (4.x.x, delays, a full mailbox): counted.</summary>
    Soft,

    /// <summary>The receiver refused us (5.7.x policy, reputation): recorded, nobody's address is to blame.</summary>
    Policy,

    /// <summary>The reader reported the mail as spam (ARF abuse, fraud, virus, other): unsubscribed.</summary>
    Complaint,
}

/// <summary>One recipient a report is about, and what can name the message: signed VERP tags, addresses, links.</summary>
/// <param name="Tags">Strings that may carry our return-path tag: the report's recipient, Original-Envelope-Id, Original-Mail-From.</param>
/// <param name="Addresses">The reported recipient's address (Final-Recipient, Original-Rcpt-To, the returned message's To).</param>
/// <param name="Links">Unsubscribe links of the returned message's List-Unsubscribe header.</param>
public sealed record ReportedRecipient(ReportKind Kind, string? Status, string? Detail, IReadOnlyList<string> Tags, IReadOnlyList<string> Addresses, IReadOnlyList<string> Links);

/// <param name="Type">delivery-status (RFC 3464) or feedback-report (RFC 5965).</param>
/// <param name="Key">What makes the same report read twice count once: its Message-ID, or a hash of it.</param>
/// <param name="Recipients">The recipients that call for something; empty for a report of success or a not-spam report.</param>
public sealed record DeliveryReport(string Type, string Key, IReadOnlyList<ReportedRecipient> Recipients);

/// <summary>Reads bounce (DSN) and complaint (ARF) reports out of a message. Pure: nothing here touches the database.</summary>
public static partial class DeliveryReports
{
    public const string DeliveryStatus = "delivery-status";
    public const string FeedbackReport = "feedback-report";

    static readonly string[] ComplaintTypes = ["abuse", "fraud", "virus", "other"];

    /// <returns>The report, or null with <paramref name="problem"/> saying why the message is not one.</returns>
    public static DeliveryReport? Read(MimeMessage message, out string problem)
    {
        problem = "";
        var report = message.BodyParts.OfType<MessageDeliveryStatus>().Cast<MimeEntity>()
            .Concat(message.BodyParts.OfType<MessageFeedbackReport>())
            .FirstOrDefault();
        if (report is null)
        {
            // BodyParts does not descend into attached messages: a forwarder may wrap the report in one.
            foreach (var attached in message.BodyParts.OfType<MessagePart>())
            {
                if (attached.Message is { } inner0 && Read(inner0, out _) is { } inner)
                {
                    return inner;
                }
            }

            problem = "The message is not a delivery status notification (multipart/report; report-type=delivery-status) "
                + "or a feedback report (report-type=feedback-report).";
            return null;
        }

        var key = string.IsNullOrWhiteSpace(message.MessageId) ? Hash(message) : message.MessageId;
        var returned = ReturnedHeaders(message);
        var tags = new List<string>();
        foreach (var name in new[] { "Delivered-To", "X-Original-To", "Envelope-To", "To" })
        {
            tags.AddRange(message.Headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)).SelectMany(h => Addresses(h.Value)));
        }

        tags.AddRange(returned?.Where(h => h.Id == HeaderId.ReturnPath).SelectMany(h => Addresses(h.Value)) ?? []);
        var links = returned?.Where(h => h.Id == HeaderId.ListUnsubscribe).SelectMany(h => Links().Matches(h.Value).Select(m => m.Groups[1].Value)).ToList() ?? [];
        var returnedTo = returned?.Where(h => h.Id == HeaderId.To).SelectMany(h => Addresses(h.Value)).ToList() ?? [];

        return report is MessageDeliveryStatus dsn
            ? new DeliveryReport(DeliveryStatus, key, ReadDsn(dsn, tags, returnedTo, links))
            : new DeliveryReport(FeedbackReport, key, ReadArf((MessageFeedbackReport)report, tags, returnedTo, links));
    }

    static List<ReportedRecipient> ReadDsn(MessageDeliveryStatus dsn, List<string> tags, List<string> returnedTo, List<string> links)
    {
        var groups = dsn.StatusGroups;
        if (groups.Count == 0)
        {
            return [];
        }

        var envelopeId = groups[0]["Original-Envelope-Id"];
        var reportTags = envelopeId is null ? tags : [envelopeId.Trim(), .. tags];
        var recipients = new List<ReportedRecipient>();
        foreach (var fields in groups.Skip(1))
        {
            var action = fields["Action"]?.Trim().ToLowerInvariant();
            var status = fields["Status"]?.Trim();
            var diagnostic = fields["Diagnostic-Code"]?.Trim();
            if (Classify(action, status, diagnostic) is not { } kind)
            {
                continue;
            }

            var addresses = new[] { fields["Original-Recipient"], fields["Final-Recipient"] }.OfType<string>().Select(TypedAddress).OfType<string>().ToList();
            recipients.Add(new ReportedRecipient(kind, status, diagnostic, reportTags, addresses.Count > 0 ? addresses : returnedTo, links));
        }

        // Several failed recipients share the report's own tags only when the report is about one of them.
        return recipients.Count > 1 ? recipients.Select(r => r with { Tags = envelopeId is null ? [] : [envelopeId.Trim()] }).ToList() : recipients;
    }

    static List<ReportedRecipient> ReadArf(MessageFeedbackReport arf, List<string> tags, List<string> returnedTo, List<string> links)
    {
        var type = arf.Fields["Feedback-Type"]?.Trim().ToLowerInvariant() ?? "abuse";
        if (!ComplaintTypes.Contains(type))
        {
            // not-spam, auth-failure (a DMARC failure report) and the like say nothing about the reader's wishes.
            return [];
        }

        var reportTags = arf.Fields.Where(h => h.Field.Equals("Original-Mail-From", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => Addresses(h.Value)).Concat(tags).ToList();
        var addresses = arf.Fields.Where(h => h.Field.Equals("Original-Rcpt-To", StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => Addresses(h.Value)).Concat(returnedTo).ToList();
        return [new ReportedRecipient(ReportKind.Complaint, null, type, reportTags, addresses, links)];
    }

    /// <summary>What a failed or delayed recipient means, read as the send path reads a refusal (<see cref="SmtpFailure"/>).</summary>
    internal static ReportKind? Classify(string? action, string? status, string? diagnostic)
    {
        if (action == "delayed")
        {
            return ReportKind.Soft;
        }

        if (action != "failed")
        {
            return null;
        }

        // "smtp; 550 5.1.1 <a@b>: user unknown": the remote server's own reply is more exact than the Status field.
        var reply = Reply().Match(diagnostic ?? "");
        var (code, text) = reply.Success
            ? (int.Parse(reply.Groups[1].ValueSpan, CultureInfo.InvariantCulture), reply.Groups[2].Value)
            : (status is { Length: > 0 } && status[0] is '4' or '5' ? (status[0] - '0') * 100 + 50 : 550, status ?? "");
        return SmtpFailure.Classify(SmtpErrorCode.RecipientNotAccepted, code, text) switch
        {
            SmtpFailureAction.Bounce => ReportKind.Hard,
            SmtpFailureAction.StopSending => ReportKind.Policy,
            _ => ReportKind.Soft,
        };
    }

    /// <summary>The headers of the message the report is about: its message/rfc822 or text/rfc822-headers part.</summary>
    static HeaderList? ReturnedHeaders(MimeMessage report)
    {
        foreach (var part in report.BodyParts)
        {
            if (part is MessagePart { Message: { } returned } && part is not MessageDeliveryStatus and not MessageFeedbackReport)
            {
                return returned.Headers;
            }

            if (part is MimePart { Content: { } content } && part.ContentType.IsMimeType("text", "rfc822-headers"))
            {
                using var stream = content.Open();
                return HeaderList.Load(stream);
            }
        }

        return null;
    }

    /// <summary>"rfc822; someone@example.org" → someone@example.org.</summary>
    static string? TypedAddress(string value)
    {
        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        var address = (semicolon >= 0 ? value[(semicolon + 1)..] : value).Trim().Trim('<', '>');
        return address.Contains('@', StringComparison.Ordinal) ? address : null;
    }

    static IEnumerable<string> Addresses(string value) =>
        InternetAddressList.TryParse(value, out var list) ? list.Mailboxes.Select(m => m.Address) : TypedAddress(value) is { } one ? [one] : [];

    static string Hash(MimeMessage message)
    {
        using var buffer = new MemoryStream();
        message.WriteTo(buffer);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    [GeneratedRegex(@"^\s*smtp\s*;\s*([245]\d\d)[\s-]+(.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Reply();

    [GeneratedRegex(@"<(https?://[^>]+)>")]
    private static partial Regex Links();
}
