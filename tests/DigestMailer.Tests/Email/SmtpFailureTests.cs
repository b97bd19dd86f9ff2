using System.Net.Sockets;
using DigestMailer.Email;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace DigestMailer.Tests.Email;

public sealed class SmtpFailureTests
{
    [Theory]
    [InlineData(550, "5.1.1 <ada@example.org>: Recipient address rejected: User unknown")]
    [InlineData(550, "5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup")]
    [InlineData(550, "5.2.1 The email account that you tried to reach is disabled.")]
    [InlineData(550, "mailbox unavailable")]
    [InlineData(551, "User not local; please try <ada@example.net>")]
    [InlineData(553, "Requested action not taken: mailbox name not allowed")]
    [InlineData(550, "5.0.0 <ada@example.org>... User unknown")]
    [InlineData(554, "5.1.1 unknown user")]
    public void Classify_BlamesTheMailbox_WhenTheRelaySaysItDoesNotExist(int code, string text) =>
        Assert.Equal(SmtpFailureAction.Bounce, SmtpFailure.Classify(SmtpErrorCode.RecipientNotAccepted, code, text));

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "5.7.1 Service unavailable; client host [203.0.113.9] blocked using zen.spamhaus.org")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 554, "5.7.1 <ada@example.org>: Relay access denied")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 553, "5.1.8 <digest@example.org>: Sender address rejected: Domain not found")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 554, "Transaction failed")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "5.3.0 Mail system full")]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 554, "Sender rejected")]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 550, "5.5.1 Sender not allowed")]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 550, "mailbox unavailable")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 550, "5.7.1 Message rejected as spam by content filter")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 554, "5.3.2 System not accepting network messages")]
    public void Classify_StopsSendingAndBlamesNobody_WhenTheRelayRefusesTheSender(SmtpErrorCode stage, int code, string text) =>
        Assert.Equal(SmtpFailureAction.StopSending, SmtpFailure.Classify(stage, code, text));

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 552, "5.2.2 Mailbox full")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 552, "Requested mail action aborted: exceeded storage allocation")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 550, "5.4.1 Recipient address rejected: Access denied")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 554, "5.6.0 Message content rejected")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 554, "Message rejected")]
    // Too big for the receiving system: a digest with fewer papers, or the next subscriber's, may well pass.
    [InlineData(SmtpErrorCode.MessageNotAccepted, 552, "5.3.4 Message too big for system")]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 552, "5.3.4 Message size exceeds fixed maximum message size")]
    public void Classify_FailsOnlyThatMessage_WhenTheRefusalIsNeitherTheAddressNorTheSender(SmtpErrorCode stage, int code, string text) =>
        Assert.Equal(SmtpFailureAction.Fail, SmtpFailure.Classify(stage, code, text));

    [Theory]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 450, "4.2.0 Greylisted, please try again in 180 seconds")]
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 452, "4.5.3 Too many recipients")]
    [InlineData(SmtpErrorCode.MessageNotAccepted, 451, "4.7.1 Please try again later")]
    // A 5xx reply code with a 4.x.x enhanced code is a contradiction; the reply code decides the class.
    [InlineData(SmtpErrorCode.RecipientNotAccepted, 450, "5.1.1 confused server")]
    public void Classify_RetriesThatMessageLater_OnATemporaryRefusal(SmtpErrorCode stage, int code, string text) =>
        Assert.Equal(SmtpFailureAction.RetryLater, SmtpFailure.Classify(stage, code, text));

    [Theory]
    [InlineData(SmtpErrorCode.SenderNotAccepted, 451, "4.7.1 Rate limit exceeded, slow down")]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, 503, "5.5.1 Bad sequence of commands")]
    [InlineData(SmtpErrorCode.UnexpectedStatusCode, 421, "4.3.2 Service shutting down")]
    public void Classify_RetriesTheWholeBatch_WhenTheConversationCannotGoOn(SmtpErrorCode stage, int code, string text) =>
        Assert.Equal(SmtpFailureAction.Reconnect, SmtpFailure.Classify(stage, code, text));

    [Fact]
    public void Classify_ReadsTheEnhancedCodeFromTheExceptionMailKitThrows()
    {
        var refused = new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, new MimeKit.MailboxAddress("", "ada@example.org"), "5.7.1 blocked");

        Assert.Equal(SmtpFailureAction.StopSending, SmtpFailure.Classify(refused));
    }

    [Fact]
    public void Classify_ReconnectsAfterABrokenConnection()
    {
        Assert.Equal(SmtpFailureAction.Reconnect, SmtpFailure.Classify(new IOException("reset")));
        Assert.Equal(SmtpFailureAction.Reconnect, SmtpFailure.Classify(new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal(SmtpFailureAction.Reconnect, SmtpFailure.Classify(new SmtpProtocolException("The SMTP server has unexpectedly disconnected.")));
    }

    [Fact]
    public void Classify_StopsSending_WhenTheRelayRefusesOurCredentials() =>
        Assert.Equal(SmtpFailureAction.StopSending, SmtpFailure.Classify(new AuthenticationException("535 5.7.8 Authentication credentials invalid")));

    [Fact]
    public void Classify_IsNull_ForFailuresThatAreNotAboutSending() =>
        Assert.Null(SmtpFailure.Classify(new InvalidOperationException("template does not parse")));

    [Fact]
    public void Decide_GivesUpATemporaryRefusal_AfterTheLastAttempt()
    {
        var later = new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, new MimeKit.MailboxAddress("", "ada@example.org"), "4.2.0 Greylisted");

        Assert.Equal(SmtpFailureAction.RetryLater, SmtpFailure.Decide(later, attempts: 4, maxAttempts: 5));
        Assert.Equal(SmtpFailureAction.Fail, SmtpFailure.Decide(later, attempts: 5, maxAttempts: 5));
    }
}
