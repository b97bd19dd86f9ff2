using DigestMailer.Email;
using Hangfire;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Options;

namespace DigestMailer.Bounces;

/// <summary>
/// Reads the bounce mailbox over IMAP: every unseen message is read as a report, applied, then flagged \Seen (and
/// moved to Bounces:Imap:ProcessedFolder when set), one at a time, so a crash re-reads at most one message, which
/// the report's key then counts once.
/// </summary>
public sealed class ReadBounceMailboxJob(
    BounceProcessor processor, IOptions<BouncesOptions> options, IOptions<ReturnPathOptions> returnPath, ILogger<ReadBounceMailboxJob> logger)
{
    public const string RecurringJobId = "read-bounces";

    [AutomaticRetry(Attempts = 2)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    [JobDisplayName("Read the bounce mailbox")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Imap;
        if (!settings.Enabled)
        {
            return;
        }

        using var client = new ImapClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        await client.ConnectAsync(settings.Host!, settings.Port, SmtpMailSender.ToMailKit(settings.Security), cancellationToken);
        await client.AuthenticateAsync(settings.Username!, settings.Password ?? "", cancellationToken);
        var folder = string.Equals(settings.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
            ? client.Inbox
            : await client.GetFolderAsync(settings.Folder, cancellationToken);
        await folder.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        var processed = string.IsNullOrWhiteSpace(settings.ProcessedFolder) ? null : await OpenOrCreateAsync(client, settings.ProcessedFolder, cancellationToken);

        var unread = await folder.SearchAsync(SearchQuery.NotSeen.And(SearchQuery.NotDeleted), cancellationToken);
        foreach (var uid in unread)
        {
            // GetMessageAsync fetches with BODY.PEEK: the message stays unseen until it has been applied.
            var message = await folder.GetMessageAsync(uid, cancellationToken);
            await ApplyAsync(message, cancellationToken);
            await folder.AddFlagsAsync(uid, MessageFlags.Seen, silent: true, cancellationToken);
            if (processed is not null)
            {
                await folder.MoveToAsync(uid, processed, cancellationToken);
            }
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    async Task ApplyAsync(MimeKit.MimeMessage message, CancellationToken cancellationToken)
    {
        if (DeliveryReports.Read(message, out var problem) is not { } report)
        {
            // An auto-reply or spam in the bounce mailbox: nothing to apply, and nothing to retry.
            logger.LogInformation("Bounce mailbox: skipped {MessageId} ({Subject}): {Problem}", message.MessageId, message.Subject, problem);
            return;
        }

        var result = await processor.ProcessAsync(report, trustAddresses: returnPath.Value.ParsedAddress is null, cancellationToken);
        if (result.Unknown.Count > 0)
        {
            logger.LogWarning("Bounce mailbox: report {Key} names no subscriber of ours: {Unknown}", report.Key, string.Join(", ", result.Unknown));
        }
    }

    static async Task<IMailFolder> OpenOrCreateAsync(ImapClient client, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetFolderAsync(name, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            return await root.CreateAsync(name, isMessageFolder: true, cancellationToken)
                ?? throw new InvalidOperationException($"The IMAP server did not create the folder {name}.");
        }
    }
}
