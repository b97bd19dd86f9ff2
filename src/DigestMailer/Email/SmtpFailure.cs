using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace DigestMailer.Email;

public enum SmtpFailureKind
{
    /// <summary>The server refused this message for good (5xx): record it and carry on with the next.</summary>
    Permanent,

    /// <summary>The server refused this message for now (4xx): try it again later, carry on with the next.</summary>
    Temporary,

    /// <summary>
    /// The session cannot go on: the connection is gone, or the relay refuses the sender or answers out of
    /// protocol. Nothing is wrong with the messages; stop, leave what is unsent for a retry.
    /// </summary>
    SessionFailed,
}

public static class SmtpFailure
{
    public static SmtpFailureKind? Classify(Exception exception) => exception switch
    {
        SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted or SmtpErrorCode.MessageNotAccepted } command =>
            (int)command.StatusCode >= 500 ? SmtpFailureKind.Permanent : SmtpFailureKind.Temporary,
        SmtpCommandException or SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or AuthenticationException =>
            SmtpFailureKind.SessionFailed,
        _ => null,
    };

    /// <summary>True when a permanent refusal was about the recipient's address, which then counts as bounced.</summary>
    public static bool IsRecipientRejected(Exception exception) =>
        exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command && (int)command.StatusCode >= 500;
}
