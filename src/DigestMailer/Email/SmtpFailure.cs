using System.Net.Sockets;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace DigestMailer.Email;

/// <summary>What a refused or failed send means for the message, the address and the rest of the batch.</summary>
public enum SmtpFailureAction
{
    /// <summary>The mailbox does not exist or is disabled: this message failed, and the address gets no more mail.</summary>
    Bounce,

    /// <summary>This message was refused for good, for a reason that is not the address: it failed; carry on.</summary>
    Fail,

    /// <summary>Refused for now (4xx): try this message again later; carry on with the next.</summary>
    RetryLater,

    /// <summary>
    /// The relay refuses us (policy, reputation, authentication, our protocol): every other message would meet the
    /// same answer. Stop sending, keep the messages unsent, say why; nobody's address is to blame.
    /// </summary>
    StopSending,

    /// <summary>The connection is gone or the relay said "not now" to the sender: stop, leave the rest for a retry.</summary>
    Reconnect,
}

/// <summary>Reads an SMTP failure (RFC 5321 reply code, RFC 3463 enhanced status code) into what to do about it.</summary>
public static partial class SmtpFailure
{
    /// <returns>What to do, or null when the exception is not about sending mail (rendering, the database, cancellation).</returns>
    /// <param name="attempts">Tries of this message so far, this one included.</param>
    /// <param name="maxAttempts">Tries after which a message the relay keeps refusing for now is given up.</param>
    public static SmtpFailureAction? Decide(Exception exception, int attempts, int maxAttempts) => Classify(exception) switch
    {
        SmtpFailureAction.RetryLater when attempts >= maxAttempts => SmtpFailureAction.Fail,
        var action => action,
    };

    public static SmtpFailureAction? Classify(Exception exception) => exception switch
    {
        SmtpCommandException command => Classify(command.ErrorCode, (int)command.StatusCode, command.Message),
        SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException => SmtpFailureAction.Reconnect,
        // A relay that refuses our credentials refuses every message until someone changes the configuration.
        AuthenticationException => SmtpFailureAction.StopSending,
        _ => null,
    };

    /// <param name="code">The reply code.</param>
    /// <param name="text">The reply text; with ENHANCEDSTATUSCODES it starts with the enhanced code ("5.1.1 ..."), which MailKit leaves in.</param>
    public static SmtpFailureAction Classify(SmtpErrorCode stage, int code, string text)
    {
        var (subject, detail) = EnhancedCode(text, code);
        if (stage is SmtpErrorCode.UnexpectedStatusCode)
        {
            // A refused DATA, RSET or the like: the conversation itself went wrong.
            return SmtpFailureAction.Reconnect;
        }

        if (code is >= 400 and < 500)
        {
            // "Not now" to the sender holds for every message of the batch, so retry the batch rather than each message.
            return stage is SmtpErrorCode.SenderNotAccepted ? SmtpFailureAction.Reconnect : SmtpFailureAction.RetryLater;
        }

        // X.3.4 (too big for the receiving system) is about this message, wherever the relay says it: at MAIL FROM
        // when the relay checks the declared SIZE, at RCPT or after DATA otherwise; the next, smaller one may pass.
        if ((subject, detail) == (3, 4))
        {
            return SmtpFailureAction.Fail;
        }

        if (stage is SmtpErrorCode.SenderNotAccepted)
        {
            return SmtpFailureAction.StopSending;
        }

        return (subject, detail) switch
        {
            // X.1.7 and X.1.8 are about the sender's address, wherever the relay says them.
            (1, 7 or 8) => SmtpFailureAction.StopSending,
            (1, _) or (2, 1) => SmtpFailureAction.Bounce,
            // Security or policy (blocklists, DMARC, relaying denied), the relay's own system, our protocol.
            (7 or 3 or 5, _) => SmtpFailureAction.StopSending,
            (2 or 4 or 6, _) => SmtpFailureAction.Fail,
            // No enhanced code (or X.0.0): the reply code alone. At RCPT, 550, 551 and 553 name the mailbox.
            _ when stage is SmtpErrorCode.RecipientNotAccepted => code switch
            {
                550 or 551 or 553 => SmtpFailureAction.Bounce,
                552 => SmtpFailureAction.Fail,
                _ => SmtpFailureAction.StopSending,
            },
            _ => SmtpFailureAction.Fail,
        };
    }

    /// <summary>The subject and detail of the enhanced status code at the start of the reply text, or (0, 0) for none.</summary>
    static (int Subject, int Detail) EnhancedCode(string text, int code)
    {
        var match = Enhanced().Match(text);
        // An enhanced code whose class contradicts the reply code (a 550 saying "4.2.2") is not trusted.
        return match.Success && match.Groups[1].Value[0] - '0' == code / 100
            ? (int.Parse(match.Groups[2].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture),
               int.Parse(match.Groups[3].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture))
            : (0, 0);
    }

    [GeneratedRegex(@"^\s*([245])\.(\d{1,3})\.(\d{1,3})\b")]
    private static partial Regex Enhanced();
}
