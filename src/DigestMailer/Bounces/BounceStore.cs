using Dapper;
using DigestMailer.Data;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Options;

namespace DigestMailer.Bounces;

/// <summary>What a report did to its subscriber.</summary>
/// <param name="Action">bounced, suppressed (soft bounces past the limit), counted, recorded, unsubscribed, unchanged or duplicate.</param>
public sealed record BounceOutcome(string Email, long? DigestId, ReportKind Kind, string Action, string SubscriberStatus);

/// <summary>delivery_reports, and the subscriber states they change (by the statements Subscriptions owns).</summary>
public sealed class BounceStore(DbConnectionFactory connections, IOptions<BouncesOptions> options, TimeProvider time)
{
    /// <summary>Records the report once per subscriber and applies it, in one transaction; a report seen before changes nothing.</summary>
    public async Task<BounceOutcome> RecordAsync(string reportKey, long subscriberId, long? digestId, ReportedRecipient recipient, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = await connection.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO delivery_reports (report_key, subscriber_id, digest_id, kind, status, detail, received_at)
            VALUES (@reportKey, @subscriberId, @digestId, @kind, @status, @detail, @now)
            ON CONFLICT (report_key, subscriber_id) DO NOTHING
            RETURNING id
            """,
            new
            {
                reportKey,
                subscriberId,
                digestId,
                kind = Name(recipient.Kind),
                status = recipient.Status,
                detail = recipient.Detail is { Length: > 1000 } text ? text[..1000] : recipient.Detail,
                now,
            },
            transaction);
        var action = recorded is null ? BounceAction.Duplicate : await ApplyAsync(connection, transaction, subscriberId, recipient.Kind, now);
        var (email, status) = await connection.QuerySingleAsync<(string, string)>(
            SubscriberStatus.AddressAndStatusSql, new { subscriberId }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return new BounceOutcome(email, digestId, recipient.Kind, action, status);
    }

    async Task<string> ApplyAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long subscriberId, ReportKind kind, DateTimeOffset now)
    {
        const string Suppress = SubscriberStatus.SuppressSql;
        switch (kind)
        {
            case ReportKind.Hard:
                return await connection.ExecuteAsync(Suppress, SubscriberStatus.Parameters(subscriberId, now), transaction) == 1 ? BounceAction.Bounced : BounceAction.Unchanged;
            case ReportKind.Complaint:
                return await connection.ExecuteAsync(
                    SubscriberStatus.UnsubscribeSql,
                    SubscriberStatus.Parameters(subscriberId, now),
                    transaction) == 1 ? BounceAction.Unsubscribed : BounceAction.Unchanged;
            case ReportKind.Soft:
                // Each message counts once, however many delay notices its journey produced (4 h, 24 h, then a failure).
                var softBounces = await connection.ExecuteScalarAsync<long>(
                    """
                    SELECT COUNT(DISTINCT COALESCE(digest_id, -id)) FROM delivery_reports
                    WHERE subscriber_id = @subscriberId AND kind = @soft AND received_at >= @since
                    """,
                    new { subscriberId, soft = Name(ReportKind.Soft), since = now - options.Value.SoftBounceWindow },
                    transaction);
                return softBounces >= options.Value.SoftBounceLimit && await connection.ExecuteAsync(Suppress, SubscriberStatus.Parameters(subscriberId, now), transaction) == 1
                    ? BounceAction.Suppressed
                    : BounceAction.Counted;
            default:
                return BounceAction.Recorded;
        }
    }

    public static string Name(ReportKind kind) => kind.ToString().ToLowerInvariant();
}
