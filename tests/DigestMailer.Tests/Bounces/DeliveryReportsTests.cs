using DigestMailer.Bounces;
using DigestMailer.Testing;
using MimeKit;

namespace DigestMailer.Tests.Bounces;

public sealed class DeliveryReportsTests
{
    const string Verp = "bounces+d42-0123456789abcdef@example.org";

    [Theory]
    [InlineData("failed", "5.1.1", "smtp; 550 5.1.1 <ada@example.net>: Recipient address rejected: User unknown", ReportKind.Hard)]
    [InlineData("failed", "5.2.1", null, ReportKind.Hard)]
    [InlineData("failed", "5.0.0", "smtp; 550 mailbox unavailable", ReportKind.Hard)]
    [InlineData("failed", "5.2.2", "smtp; 552 5.2.2 Mailbox full", ReportKind.Soft)]
    [InlineData("failed", "4.4.7", "smtp; 421 4.4.7 Message expired", ReportKind.Soft)]
    [InlineData("delayed", "4.2.2", "smtp; 452 4.2.2 Over quota", ReportKind.Soft)]
    [InlineData("failed", "5.7.1", "smtp; 550 5.7.1 Message rejected as spam by Content Filtering", ReportKind.Policy)]
    [InlineData("failed", "5.7.26", "smtp; 550 5.7.26 This message does not pass authentication checks", ReportKind.Policy)]
    public void Read_ClassifiesEachRecipient_AsTheSendPathClassifiesARefusal(string action, string status, string? diagnostic, ReportKind expected)
    {
        var report = DeliveryReports.Read(BounceReports.Dsn(Verp, "ada@example.net", action, status, diagnostic), out _)!;

        Assert.Equal(DeliveryReports.DeliveryStatus, report.Type);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal(expected, recipient.Kind);
        Assert.Equal(status, recipient.Status);
        Assert.Contains(Verp, recipient.Tags);
        Assert.Equal(["ada@example.net"], recipient.Addresses);
    }

    [Fact]
    public void Read_ReportsNothingToDo_ForADeliveredNotice()
    {
        var report = DeliveryReports.Read(BounceReports.Dsn(Verp, "ada@example.net", "delivered", "2.0.0"), out _)!;

        Assert.Empty(report.Recipients);
    }

    [Fact]
    public void Read_KeepsTheEnvelopeIdAndTheReturnedUnsubscribeLink()
    {
        var original = new MimeMessage();
        original.To.Add(MailboxAddress.Parse("ada@example.net"));
        original.Headers.Add(HeaderId.ListUnsubscribe, "<https://digest.example.org/unsubscribe?token=u.1.2.abc>");

        var report = DeliveryReports.Read(BounceReports.Dsn("digest@example.org", "ada@example.net", "failed", "5.1.1", envelopeId: "d42-0123", original: original), out _)!;

        var recipient = Assert.Single(report.Recipients);
        Assert.Equal("d42-0123", recipient.Tags[0]);
        Assert.Equal(["https://digest.example.org/unsubscribe?token=u.1.2.abc"], recipient.Links);
    }

    [Fact]
    public void Read_TakesAComplaint_FromAnArfReportWithTheOriginalMessage()
    {
        var original = new MimeMessage { Subject = "3 new papers" };
        original.From.Add(MailboxAddress.Parse("digest@example.org"));
        original.To.Add(MailboxAddress.Parse("ada@example.net"));
        original.Headers.Add(HeaderId.ReturnPath, $"<{Verp}>");

        var report = DeliveryReports.Read(BounceReports.Arf("fbl@example.org", original, originalMailFrom: Verp), out _)!;

        Assert.Equal(DeliveryReports.FeedbackReport, report.Type);
        var recipient = Assert.Single(report.Recipients);
        Assert.Equal(ReportKind.Complaint, recipient.Kind);
        Assert.Equal(Verp, recipient.Tags[0]);
        Assert.Equal(["ada@example.net"], recipient.Addresses);
    }

    [Theory]
    [InlineData("not-spam")]
    [InlineData("auth-failure")]
    public void Read_TakesNoComplaint_FromFeedbackThatIsNotOne(string feedbackType)
    {
        var original = new MimeMessage();
        original.To.Add(MailboxAddress.Parse("ada@example.net"));

        var report = DeliveryReports.Read(BounceReports.Arf("fbl@example.org", original, feedbackType), out _)!;

        Assert.Empty(report.Recipients);
    }

    [Fact]
    public void Read_RefusesAMessageThatIsNoReport_SayingWhatItExpected()
    {
        var autoReply = new MimeMessage { Subject = "Out of office", Body = new TextPart("plain") { Text = "Back on Monday." } };

        Assert.Null(DeliveryReports.Read(autoReply, out var problem));
        Assert.Contains("report-type=delivery-status", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UsesTheReportsMessageId_SoTheSameReportReadTwiceHasOneKey()
    {
        var dsn = BounceReports.Dsn(Verp, "ada@example.net", "failed", "5.1.1");
        var again = MimeMessage.Load(new MemoryStream(BounceReports.Bytes(dsn)));

        Assert.Equal(DeliveryReports.Read(dsn, out _)!.Key, DeliveryReports.Read(again, out _)!.Key);
    }
}
