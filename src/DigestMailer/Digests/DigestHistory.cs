using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Digests;

/// <summary>One ledger row as a subscriber's history shows it.</summary>
public sealed class DigestRecord
{
    public long Id { get; init; }

    public string DigestDate { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? SentAt { get; init; }

    public string? LastError { get; init; }

    /// <summary>The ledger's JSON of the digest's topics and papers (digests.items).</summary>
    public string Items { get; init; } = "[]";
}

/// <summary>A paper of a sent digest, for the subscriber's feed: the paper and when the digest that brought it was sent.</summary>
public sealed record FeedPaper(string ArxivId, string Title, string Abstract, string Authors, bool OnHuggingFace, DateTimeOffset SentAt);

/// <summary>What the ledger says about one subscriber's digests: the papers they were sent, and the latest rows.</summary>
public sealed class DigestHistory(DbConnectionFactory connections)
{
    const int DigestsPerRead = 100;

    sealed class StoredPaper
    {
        public long Id { get; init; }

        public string ArxivId { get; init; } = "";

        public string Title { get; init; } = "";

        public string Abstract { get; init; } = "";

        public string Authors { get; init; } = "";

        public bool OnHuggingFace { get; init; }
    }

    /// <summary>
    /// The newest <paramref name="limit"/> distinct papers of the subscriber's sent digests, newest digest first and
    /// in rank order within one; a paper sent twice counts once, at its latest sending.
    /// </summary>
    public async Task<IReadOnlyList<FeedPaper>> SentPapersAsync(long subscriberId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var chosen = new List<(long Paper, DateTimeOffset SentAt)>();
        var seen = new HashSet<long>();
        (DateTimeOffset SentAt, long Id) before = (DateTimeOffset.MaxValue, long.MaxValue);
        while (chosen.Count < limit)
        {
            // Keyset pages on (sent_at, id): a digest retried later than a newer one was sent later, and ranks so.
            var digests = (await connection.QueryAsync<(long Id, DateTimeOffset SentAt, string Items)>(new CommandDefinition(
                """
                SELECT id, sent_at, items FROM digests
                WHERE subscriber_id = @subscriberId AND status = @Sent AND sent_at IS NOT NULL
                  AND (sent_at < @sentAt OR (sent_at = @sentAt AND id < @id))
                ORDER BY sent_at DESC, id DESC
                LIMIT @count
                """,
                new { subscriberId, sentAt = before.SentAt, id = before.Id, count = DigestsPerRead, DigestStatus.Sent },
                cancellationToken: cancellationToken))).AsList();
            foreach (var digest in digests)
            {
                chosen.AddRange(DigestItem.Deserialize(digest.Items).Where(item => seen.Add(item.Paper)).Select(item => (item.Paper, digest.SentAt)));
            }

            if (digests.Count < DigestsPerRead)
            {
                break;
            }

            before = (digests[^1].SentAt, digests[^1].Id);
        }

        chosen = chosen.Take(limit).ToList();
        var lists = connections.Lists;
        var papers = (await connection.QueryAsync<StoredPaper>(new CommandDefinition(
            $"""
            SELECT id AS Id, arxiv_id AS ArxivId, title AS Title, abstract AS Abstract, authors AS Authors, on_huggingface AS OnHuggingFace
            FROM papers WHERE {lists.Contains("id", "ids")}
            """,
            new { ids = lists.Bind(chosen.Select(c => c.Paper)) },
            cancellationToken: cancellationToken))).ToDictionary(p => p.Id);
        var feed = new List<FeedPaper>(chosen.Count);
        foreach (var (paperId, sentAt) in chosen)
        {
            // A paper deleted since (an admin's cleanup) leaves the feed rather than showing an empty entry.
            if (papers.TryGetValue(paperId, out var p))
            {
                feed.Add(new FeedPaper(p.ArxivId, p.Title, p.Abstract, p.Authors, p.OnHuggingFace, sentAt));
            }
        }

        return feed;
    }

    /// <summary>The subscriber's latest ledger rows (newest date first), their latest sent digest, and when they confirmed.</summary>
    public async Task<RecentDigests> RecentAsync(long subscriberId, int count, CancellationToken cancellationToken)
    {
        const string Columns = """
            id AS Id, digest_date AS DigestDate, status AS Status, created_at AS CreatedAt, sent_at AS SentAt,
            last_error AS LastError, items AS Items
            """;
        await using var connection = await connections.OpenAsync(cancellationToken);
        var latest = await connection.QueryAsync<DigestRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM digests WHERE subscriber_id = @subscriberId ORDER BY digest_date DESC, id DESC LIMIT @count",
            new { subscriberId, count },
            cancellationToken: cancellationToken));
        var lastSent = await connection.QueryFirstOrDefaultAsync<DigestRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM digests WHERE subscriber_id = @subscriberId AND status = @Sent ORDER BY sent_at DESC, id DESC LIMIT 1",
            new { subscriberId, DigestStatus.Sent },
            cancellationToken: cancellationToken));
        var confirmedAt = await connection.ExecuteScalarAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT confirmed_at FROM subscribers WHERE id = @subscriberId", new { subscriberId }, cancellationToken: cancellationToken));
        return new RecentDigests(latest.AsList(), lastSent, confirmedAt);
    }
}

/// <param name="Latest">The newest ledger rows, newest date first.</param>
/// <param name="LastSent">The digest sent last, or null before the first.</param>
/// <param name="ConfirmedAt">When the subscriber confirmed, or null while pending.</param>
public sealed record RecentDigests(IReadOnlyList<DigestRecord> Latest, DigestRecord? LastSent, DateTimeOffset? ConfirmedAt);
