using System.Data.Common;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Papers;

namespace DigestMailer.Subscriptions;

/// <summary>A liked paper as the preferences page lists it: its title once ingest has the paper, else only the id.</summary>
public sealed record LikedPaper(string ArxivId, string? Title);

/// <summary>A "more like this" (+1) or "less like this" (-1) the reader gave, the latest per paper.</summary>
public sealed record PaperVote(string ArxivId, string Title, long Vote)
{
    public bool More => Vote > 0;
}

/// <summary>
/// The papers each subscriber likes (subscriber_likes: one row per liked arXiv id) and the feedback they gave on
/// papers of their digests (paper_feedback: one row per paper, the latest vote). The relevance profile is read from
/// these two tables as they are.
/// </summary>
public sealed class LikesStore(DbConnectionFactory connections, TimeProvider time) : ILikedPaperIds
{
    public async Task<List<string>> UnknownAsync(TimeSpan retryAfter, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Pending sign-ups are left out: an address nobody confirmed makes the service fetch nothing.
        return (await connection.QueryAsync<string>(new CommandDefinition(
            """
            SELECT l.arxiv_id
            FROM subscriber_likes l JOIN subscribers s ON s.id = l.subscriber_id
            WHERE s.status = @Active
              AND NOT EXISTS (SELECT 1 FROM papers p WHERE p.arxiv_id = l.arxiv_id)
              AND NOT EXISTS (SELECT 1 FROM unknown_liked_ids u WHERE u.arxiv_id = l.arxiv_id AND u.checked_at > @retryBefore)
            GROUP BY l.arxiv_id
            ORDER BY MIN(l.created_at), l.arxiv_id
            LIMIT @limit
            """,
            new { retryBefore = Now() - retryAfter, limit, SubscriberStatus.Active },
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<List<LikedPaper>> LikedAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<LikedPaper>(new CommandDefinition(
            """
            SELECT l.arxiv_id AS ArxivId, p.title AS Title
            FROM subscriber_likes l LEFT JOIN papers p ON p.arxiv_id = l.arxiv_id
            WHERE l.subscriber_id = @subscriberId
            ORDER BY l.created_at, l.arxiv_id
            """,
            new { subscriberId },
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<List<PaperVote>> VotesAsync(long subscriberId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PaperVote>(new CommandDefinition(
            """
            SELECT p.arxiv_id AS ArxivId, p.title AS Title, f.vote AS Vote
            FROM paper_feedback f JOIN papers p ON p.id = f.paper_id
            WHERE f.subscriber_id = @subscriberId
            ORDER BY f.created_at DESC, p.arxiv_id
            """,
            new { subscriberId },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Adds the papers not liked yet, as many as fit under <see cref="LikedPaperIds.Max"/>; returns how many were added.</summary>
    public async Task<int> AddAsync(long subscriberId, IReadOnlyList<string> arxivIds, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await AddAsync(connection, transaction, subscriberId, arxivIds, Now());
        await transaction.CommitAsync(cancellationToken);
        return added;
    }

    public async Task<bool> RemoveAsync(long subscriberId, string arxivId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM subscriber_likes WHERE subscriber_id = @subscriberId AND arxiv_id = @arxivId",
            new { subscriberId, arxivId },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The paper's row id and title, or null when no paper has this arXiv id.</summary>
    public async Task<(long Id, string Title)?> FindPaperAsync(string arxivId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string)>(new CommandDefinition(
            "SELECT id, title FROM papers WHERE arxiv_id = @arxivId", new { arxivId }, cancellationToken: cancellationToken));
        return rows.Select(r => ((long, string)?)r).FirstOrDefault();
    }

    /// <summary>Records the vote on a paper; voting again replaces it, so the latest vote is the one that counts.</summary>
    public async Task VoteAsync(long subscriberId, long paperId, int vote, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO paper_feedback (subscriber_id, paper_id, vote, created_at) VALUES (@subscriberId, @paperId, @vote, @now)
            ON CONFLICT (subscriber_id, paper_id) DO UPDATE SET vote = excluded.vote, created_at = excluded.created_at
            """,
            new { subscriberId, paperId, vote, now = Now() },
            cancellationToken: cancellationToken));
    }

    public async Task<bool> RemoveVoteAsync(long subscriberId, string arxivId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM paper_feedback WHERE subscriber_id = @subscriberId AND paper_id IN (SELECT id FROM papers WHERE arxiv_id = @arxivId)",
            new { subscriberId, arxivId },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Inside the caller's transaction: adds the ids the subscriber does not like yet, in order, until they like
    /// <see cref="LikedPaperIds.Max"/>. Returns how many were added.
    /// </summary>
    internal static async Task<int> AddAsync(DbConnection connection, DbTransaction transaction, long subscriberId, IReadOnlyList<string> arxivIds, DateTimeOffset now)
    {
        if (arxivIds.Count == 0)
        {
            return 0;
        }

        var rows = (await connection.QueryAsync<(string ArxivId, DateTimeOffset CreatedAt)>(
            "SELECT arxiv_id, created_at FROM subscriber_likes WHERE subscriber_id = @subscriberId", new { subscriberId }, transaction)).AsList();
        var liked = rows.Select(r => r.ArxivId).ToHashSet(StringComparer.Ordinal);
        var added = arxivIds.Distinct(StringComparer.Ordinal).Where(id => !liked.Contains(id)).Take(Math.Max(0, LikedPaperIds.Max - liked.Count)).ToList();
        // created_at grows by a millisecond per id, after the likes held, so the page lists the papers in the order they were given.
        var first = rows.Count == 0 || now > rows.Max(r => r.CreatedAt) ? now : rows.Max(r => r.CreatedAt).AddMilliseconds(1);
        await connection.ExecuteAsync(
            "INSERT INTO subscriber_likes (subscriber_id, arxiv_id, created_at) VALUES (@subscriberId, @arxivId, @createdAt) ON CONFLICT DO NOTHING",
            added.Select((arxivId, i) => new { subscriberId, arxivId, createdAt = first.AddMilliseconds(i) }),
            transaction);
        return added.Count;
    }

    DateTimeOffset Now() => time.GetUtcNow();
}
