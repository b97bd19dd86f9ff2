using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;

namespace DigestMailer.Email;

public enum SmtpFailureKind
{
    /// <summary>The server refused this message for good (5xx): record it and carry on with the next.</summary>
    Permanent,

    /// <summary>The server refused this message for now (4xx): try it again later, carry on with the next.</summary>
    Temporary,

    /// <summary>The connection is gone: stop this session, leave what is unsent for a retry.</summary>
    ConnectionBroken,
}

public static class SmtpFailure
{
    public static SmtpFailureKind? Classify(Exception exception) => exception switch
    {
        SmtpCommandException command when (int)command.StatusCode >= 500 => SmtpFailureKind.Permanent,
        SmtpCommandException => SmtpFailureKind.Temporary,
        SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException => SmtpFailureKind.ConnectionBroken,
        _ => null,
    };

    /// <summary>True when a permanent refusal was about the recipient's address, which then counts as bounced.</summary>
    public static bool IsRecipientRejected(Exception exception) =>
        exception is SmtpCommandException { ErrorCode: SmtpErrorCode.RecipientNotAccepted } command && (int)command.StatusCode >= 500;
}
