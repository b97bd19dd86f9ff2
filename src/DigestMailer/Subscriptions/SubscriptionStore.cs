using System.Data.Common;
using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Email;

namespace DigestMailer.Subscriptions;

public sealed class SubscriptionStore(DbConnectionFactory connections, TimeProvider time)
{
    /// <summary>
    /// Applies a received sign-up within the caller's transaction and, unless a confirmation went to this address (in
    /// any spelling) within <paramref name="resendInterval"/>, queues one in it too, so an applied sign-up always gets
    /// its mail and a failed one sends none.
    /// </summary>
    /// <remarks>Likes are bare arXiv ids; for a known address they wait in pending_likes and are added on confirmation.</remarks>
    public static async Task<SignupOutcome> SignUpAsync(
        DbConnection connection, DbTransaction transaction, ValidSignup signup, TimeSpan resendInterval, DateTimeOffset now)
    {
        var (address, interests, likes, schedule) = (signup.Email, signup.Interests, signup.Likes, signup.Schedule);
        // A pending subscriber takes the new topics and schedule at once; a known one's wait in pending_topics and
        // pending_trending until its owner confirms, so nobody can change another person's subscription by signing
        // up with their address. The statements go as one command: on PostgreSQL one round trip instead of one per
        // statement. The subscriber is named by email_key, the row the first one inserted or found; the interests and
        // schedule change only while it is pending.
        var parameters = new DynamicParameters(new
        {
            address.Address,
            address.Key,
            now,
            json = JsonSerializer.Serialize(interests.Topics),
            trending = interests.Trending ? 1 : 0,
            likes = likes.Count == 0 ? null : JsonSerializer.Serialize(likes),
            schedule.Frequency,
            weekday = (int)schedule.Weekday,
            schedule.SendHour,
            schedule.TimeZone,
            address.LimitKey,
            before = now - resendInterval,
            SubscriberStatus.Pending,
        });
        var topics = new List<string>();
        for (var position = 0; position < interests.Topics.Count; position++)
        {
            parameters.Add($"position{position}", position);
            parameters.Add($"topic{position}", interests.Topics[position]);
            topics.Add($"SELECT @position{position} AS position, @topic{position} AS topic");
        }

        // The liked papers likewise; created_at grows by a millisecond per id, so they are listed in the order given.
        var liked = new List<string>();
        for (var i = 0; i < likes.Count; i++)
        {
            parameters.Add($"like{i}", likes[i]);
            parameters.Add($"likedAt{i}", now.AddMilliseconds(i));
            liked.Add($"SELECT @like{i} AS arxiv_id, @likedAt{i} AS created_at");
        }

        const string Pending = "SELECT id FROM subscribers WHERE email_key = @Key AND status = @Pending";
        var insertTopics = topics.Count == 0 ? "" :
            $"""
            INSERT INTO subscriber_topics (subscriber_id, position, topic)
            SELECT p.id, t.position, t.topic FROM ({Pending}) p, ({string.Join(" UNION ALL ", topics)}) t;
            """;
        var insertLikes = liked.Count == 0 ? "" :
            $"""
            INSERT INTO subscriber_likes (subscriber_id, arxiv_id, created_at)
            SELECT p.id, l.arxiv_id, l.created_at FROM ({Pending}) p, ({string.Join(" UNION ALL ", liked)}) l;
            """;
        long id;
        bool queued;
        await using (var results = await connection.QueryMultipleAsync(
            $"""
            INSERT INTO subscribers (email, email_key, status, created_at) VALUES (@Address, @Key, @Pending, @now)
            ON CONFLICT (email_key) DO UPDATE
            SET pending_topics = CASE WHEN subscribers.status = @Pending THEN NULL ELSE @json END,
                pending_trending = CASE WHEN subscribers.status = @Pending THEN NULL ELSE @trending END,
                pending_likes = CASE WHEN subscribers.status = @Pending THEN NULL ELSE @likes END
            RETURNING id;
            UPDATE subscribers SET trending = @trending WHERE id IN ({Pending});
            DELETE FROM subscriber_topics WHERE subscriber_id IN ({Pending});
            {insertTopics}
            DELETE FROM subscriber_likes WHERE subscriber_id IN ({Pending});
            {insertLikes}
            UPDATE subscribers SET frequency = @Frequency, weekday = @weekday, send_hour = @SendHour, time_zone = @TimeZone
            WHERE id IN ({Pending});
            INSERT INTO address_mail_limits (address_key, confirmation_sent_at) VALUES (@LimitKey, @now)
            ON CONFLICT (address_key) DO UPDATE SET confirmation_sent_at = excluded.confirmation_sent_at
            WHERE address_mail_limits.confirmation_sent_at <= @before
            RETURNING 1;
            """,
            parameters,
            transaction))
        {
            id = await results.ReadSingleAsync<long>();
            queued = (await results.ReadAsync<long>()).Any();
        }

        await MailOutbox.QueueAsync(connection, transaction, AccountMail.Confirm, queued ? id : null, now);
        return queued ? SignupOutcome.ConfirmationQueued : SignupOutcome.ConfirmationRecentlySent;
    }

    /// <summary>
    /// Queues a mail with a fresh preferences link for a known address, at most one per <paramref name="interval"/>.
    /// </summary>
    /// <returns>True when a mail was queued; the caller answers the same either way.</returns>
    public static async Task<bool> RequestPreferencesLinkAsync(
        DbConnection connection, DbTransaction transaction, EmailAddress address, TimeSpan interval, DateTimeOffset now)
    {
        var id = await connection.ExecuteScalarAsync<long?>(
            """
            UPDATE subscribers SET link_sent_at = @now
            WHERE email_key = @Key AND (link_sent_at IS NULL OR link_sent_at <= @before)
            RETURNING id
            """,
            new { address.Key, now, before = now - interval },
            transaction);
        await MailOutbox.QueueAsync(connection, transaction, AccountMail.PreferencesLink, id, now);
        return id is not null;
    }

    public async Task<ConfirmOutcome> ConfirmAsync(long subscriberId, DateTimeOffset tokenIssuedAt, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriberState>(
            """
            SELECT id AS Id, status AS Status, pending_topics AS PendingTopics, pending_trending AS PendingTrending, trending AS Trending, pending_likes AS PendingLikes,
                   unsubscribed_at AS UnsubscribedAt, created_at AS CreatedAt
            FROM subscribers WHERE id = @subscriberId
            """,
            new { subscriberId },
            transaction);
        if (row is null || tokenIssuedAt < row.CreatedAt)
        {
            return ConfirmOutcome.NotFound;
        }

        var (status, pendingTopics, unsubscribedAt) = (row.Status, row.PendingTopics, row.UnsubscribedAt);
        // An unsubscribe after this link was mailed wins over the old link; a new sign-up sends a new one.
        if (unsubscribedAt > tokenIssuedAt)
        {
            return ConfirmOutcome.Superseded;
        }

        if (status == SubscriberStatus.Active && pendingTopics is null)
        {
            return ConfirmOutcome.AlreadyActive;
        }

        if (pendingTopics is not null)
        {
            // A sign-up from before trending existed left no pending_trending: the current choice stands.
            var trending = row.PendingTrending is { } pending ? pending == 1 : row.Trending;
            await ReplaceInterestsAsync(connection, transaction, subscriberId, new Interests(JsonSerializer.Deserialize<string[]>(pendingTopics) ?? [], trending));
        }

        if (row.PendingLikes is not null)
        {
            // Added to the likes held, not replacing them: a sign-up form shows none of them, so leaving one out removes nothing.
            await LikesStore.AddAsync(connection, transaction, subscriberId, JsonSerializer.Deserialize<string[]>(row.PendingLikes) ?? [], Now());
        }

        await connection.ExecuteAsync(
            """
            UPDATE subscribers
            SET status = @Active, pending_topics = NULL, pending_trending = NULL, pending_likes = NULL, unsubscribed_at = NULL, confirmed_at = COALESCE(confirmed_at, @now)
            WHERE id = @subscriberId
            """,
            new { subscriberId, now = Now(), SubscriberStatus.Active }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return ConfirmOutcome.Confirmed;
    }

    public async Task<UnsubscribeOutcome> UnsubscribeAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var status = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT status FROM subscribers WHERE id = @subscriberId", new { subscriberId });
        if (status is null)
        {
            return UnsubscribeOutcome.NotFound;
        }

        var changed = await connection.ExecuteAsync(
            SubscriberStatus.UnsubscribeSql,
            SubscriberStatus.Parameters(subscriberId, Now()));
        return changed == 1 ? UnsubscribeOutcome.Unsubscribed : UnsubscribeOutcome.AlreadyUnsubscribed;
    }

    /// <summary>Undoes an unsubscribe from the page the unsubscribe link leads to; the address was confirmed before.</summary>
    public async Task<bool> ResubscribeAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE subscribers SET status = @Active, unsubscribed_at = NULL
            WHERE id = @subscriberId AND status = @Unsubscribed AND confirmed_at IS NOT NULL
            """,
            new { subscriberId, SubscriberStatus.Active, SubscriberStatus.Unsubscribed });
        return changed == 1;
    }

    public async Task UpdatePreferencesAsync(
        long subscriberId, Interests interests, SendSchedule schedule, int? maxPapers, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ReplaceInterestsAsync(connection, transaction, subscriberId, interests);
        await SetScheduleAsync(connection, transaction, subscriberId, schedule);
        await connection.ExecuteAsync(
            "UPDATE subscribers SET max_papers = @maxPapers WHERE id = @subscriberId", new { subscriberId, maxPapers }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task SetPausedAsync(long subscriberId, bool paused, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE subscribers SET paused_at = CASE WHEN @paused THEN COALESCE(paused_at, @now) ELSE NULL END WHERE id = @subscriberId",
            new { subscriberId, paused, now = Now() });
    }

    /// <summary>The relay said the subscriber's mailbox does not exist when account mail was sent: no more mail to it.</summary>
    public async Task SuppressAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(SubscriberStatus.SuppressSql, SubscriberStatus.Parameters(subscriberId, Now()), cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the subscriber and, through the foreign keys, their topics, digests and queued mail.</summary>
    public async Task<bool> DeleteAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM subscribers WHERE id = @subscriberId", new { subscriberId }) == 1;
    }

    const string SelectSubscriber =
        """
        SELECT id AS Id, email AS Email, status AS Status, unsubscribed_at AS UnsubscribedAt, pending_topics AS PendingTopicsJson, created_at AS CreatedAt,
               frequency AS Frequency, weekday AS Weekday, send_hour AS SendHour, time_zone AS TimeZone,
               max_papers AS MaxPapers, paused_at AS PausedAt, trending AS Trending
        FROM subscribers
        """;

    public Task<Subscriber?> FindByEmailAsync(EmailAddress address, CancellationToken cancellationToken) =>
        FindAsync(
            SelectSubscriber + " WHERE email_key = @Key",
            new { address.Key },
            cancellationToken);

    public async Task<bool> ExistsAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM subscribers WHERE id = @subscriberId", new { subscriberId }, cancellationToken: cancellationToken)) > 0;
    }

    public Task<Subscriber?> GetAsync(long subscriberId, CancellationToken cancellationToken) =>
        FindAsync(
            SelectSubscriber + " WHERE id = @subscriberId",
            new { subscriberId },
            cancellationToken);

    async Task<Subscriber?> FindAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var subscriber = await connection.QuerySingleOrDefaultAsync<Subscriber>(sql, parameters);
        if (subscriber is not null)
        {
            subscriber.Topics = (await connection.QueryAsync<string>(
                "SELECT topic FROM subscriber_topics WHERE subscriber_id = @Id ORDER BY position", new { subscriber.Id })).AsList();
            subscriber.Likes = (await connection.QueryAsync<string>(
                "SELECT arxiv_id FROM subscriber_likes WHERE subscriber_id = @Id ORDER BY created_at, arxiv_id", new { subscriber.Id })).AsList();
        }

        return subscriber;
    }

    static async Task SetScheduleAsync(DbConnection connection, DbTransaction transaction, long subscriberId, SendSchedule schedule) =>
        await connection.ExecuteAsync(
            """
            UPDATE subscribers SET frequency = @Frequency, weekday = @weekday, send_hour = @SendHour, time_zone = @TimeZone
            WHERE id = @subscriberId
            """,
            new { subscriberId, schedule.Frequency, weekday = (int)schedule.Weekday, schedule.SendHour, schedule.TimeZone },
            transaction);

    static async Task ReplaceInterestsAsync(DbConnection connection, DbTransaction transaction, long subscriberId, Interests interests)
    {
        await connection.ExecuteAsync(
            "UPDATE subscribers SET trending = @trending WHERE id = @subscriberId", new { subscriberId, trending = interests.Trending ? 1 : 0 }, transaction);
        await connection.ExecuteAsync("DELETE FROM subscriber_topics WHERE subscriber_id = @subscriberId", new { subscriberId }, transaction);
        await connection.ExecuteAsync(
            "INSERT INTO subscriber_topics (subscriber_id, position, topic) VALUES (@subscriberId, @position, @topic)",
            interests.Topics.Select((topic, position) => new { subscriberId, position, topic }),
            transaction);
    }

    DateTimeOffset Now() => time.GetUtcNow();

    sealed class SubscriberState
    {
        public long Id { get; init; }

        public string Status { get; init; } = "";

        public string? PendingTopics { get; init; }

        public long? PendingTrending { get; init; }

        public bool Trending { get; init; }

        public string? PendingLikes { get; init; }

        public DateTimeOffset? UnsubscribedAt { get; init; }

        public DateTimeOffset CreatedAt { get; init; }
    }
}
