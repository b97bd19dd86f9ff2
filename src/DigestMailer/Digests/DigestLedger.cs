using Dapper;
using DigestMailer.Data;
using Microsoft.Extensions.Options;

namespace DigestMailer.Digests;

public sealed class DigestToSend
{
    public long Id { get; init; }

    public long SubscriberId { get; init; }

    public string Email { get; init; } = "";

    public string SubscriberStatus { get; init; } = "";

    public string DigestDate { get; init; } = "";

    public int Attempts { get; init; }

    public List<DigestPaper> Papers { get; } = [];
}

public sealed record DigestClaim(string ClaimId, IReadOnlyList<long> Ids);

/// <summary>A paper as a digest shows it: the stored paper, plus what the ledger item says about it.</summary>
public sealed record DigestPaper
{
    public long Id { get; init; }

    public string ArxivId { get; init; } = "";

    public string Title { get; init; } = "";

    public string Abstract { get; init; } = "";

    public string Authors { get; init; } = "";

    public long? PublishedAt { get; init; }

    public int Upvotes { get; init; }

    public string? GithubRepo { get; init; }

    public string? ProjectPage { get; init; }

    public bool OnHuggingFace { get; init; }

    /// <summary>The subscriber's topics that matched, newline-separated.</summary>
    public string MatchedTopics { get; init; } = "";

    /// <summary>The abstract excerpt with matched words between \u0002 and \u0003, when the planner made one.</summary>
    public string? HighlightedExcerpt { get; init; }
}

/// <summary>
/// The digests table as a delivery ledger: claim (pending → sending), then sent, skipped or failed per digest,
/// or released back to pending when the connection breaks. Every step is one conditional UPDATE, so a job
/// that runs twice finds nothing left to claim.
/// </summary>
public sealed class DigestLedger(DbConnectionFactory connections, IOptions<DigestOptions> options, TimeProvider time)
{
    /// <summary>Claims the unsent digests in [firstId, lastId] for one job run, named by the returned claim id.</summary>
    public async Task<DigestClaim> ClaimAsync(long firstId, long lastId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        await using var connection = await connections.OpenAsync(cancellationToken);
        // A 'sending' claim not renewed for StaleSendingAfter was left by a process that died mid-batch.
        var ids = await connection.QueryAsync<long>(
            """
            UPDATE digests SET status = 'sending', claimed_at = @now, claim_id = @claimId, attempts = attempts + 1
            WHERE id BETWEEN @firstId AND @lastId
              AND (status = 'pending' OR (status = 'sending' AND claimed_at < @staleBefore))
            RETURNING id
            """,
            new { firstId, lastId, claimId, now = now.ToUnixTimeMilliseconds(), staleBefore = StaleBefore(now) });
        return new DigestClaim(claimId, ids.Order().ToList());
    }

    /// <summary>
    /// Renews the claim on one digest right before it is sent. False when another job has taken it over as
    /// stale (a batch that ran slower than StaleSendingAfter): then this job must not send it.
    /// </summary>
    public async Task<bool> RenewAsync(long id, string claimId)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        return await connection.ExecuteAsync(
            "UPDATE digests SET claimed_at = @now WHERE id = @id AND status = 'sending' AND claim_id = @claimId",
            new { id, claimId, now = time.GetUtcNow().ToUnixTimeMilliseconds() }) == 1;
    }

    public async Task<IReadOnlyList<DigestToSend>> LoadAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<DigestRow>(
            """
            SELECT d.id AS Id, d.subscriber_id AS SubscriberId, s.email AS Email, s.status AS SubscriberStatus,
                   d.digest_date AS DigestDate, d.attempts AS Attempts, d.items AS Items
            FROM digests d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE d.id IN @ids
            ORDER BY d.id
            """,
            new { ids })).AsList();
        var items = rows.ToDictionary(r => r.Id, r => DigestItem.Deserialize(r.Items));
        var paperIds = items.Values.SelectMany(i => i).Select(i => i.Paper).Distinct().ToArray();
        var papers = new Dictionary<long, DigestPaper>();
        // Chunked to stay below SQLite's limit on bound parameters.
        foreach (var chunk in paperIds.Chunk(5000))
        {
            foreach (var paper in await connection.QueryAsync<DigestPaper>(
                """
                SELECT id AS Id, arxiv_id AS ArxivId, title AS Title, abstract AS Abstract, authors AS Authors,
                       published_at AS PublishedAt, upvotes AS Upvotes, github_repo AS GithubRepo,
                       project_page AS ProjectPage, on_huggingface AS OnHuggingFace
                FROM papers WHERE id IN @chunk
                """,
                new { chunk }))
            {
                papers[paper.Id] = paper;
            }
        }

        var excerpts = await TopicExcerpts.LoadAsync(connection, items.Values.SelectMany(i => i).Select(i => i.Excerpt).OfType<long>());
        return rows.Select(row =>
        {
            var digest = new DigestToSend
            {
                Id = row.Id,
                SubscriberId = row.SubscriberId,
                Email = row.Email,
                SubscriberStatus = row.SubscriberStatus,
                DigestDate = row.DigestDate,
                Attempts = row.Attempts,
            };
            foreach (var item in items[row.Id].Where(i => papers.ContainsKey(i.Paper)))
            {
                digest.Papers.Add(papers[item.Paper] with { MatchedTopics = item.Topics, HighlightedExcerpt = item.Excerpt is { } id ? excerpts.GetValueOrDefault(id) : null });
            }

            return digest;
        }).ToList();
    }

    sealed class DigestRow
    {
        public long Id { get; init; }

        public long SubscriberId { get; init; }

        public string Email { get; init; } = "";

        public string SubscriberStatus { get; init; } = "";

        public string DigestDate { get; init; } = "";

        public int Attempts { get; init; }

        public string Items { get; init; } = "[]";
    }

    /// <summary>Digests still to send, oldest first: pending ones and claims orphaned by a crashed process.</summary>
    public async Task<IReadOnlyList<long>> UnsentIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(
            """
            SELECT id FROM digests
            WHERE status = 'pending' OR (status = 'sending' AND claimed_at < @staleBefore)
            ORDER BY id
            """,
            new { staleBefore = StaleBefore(time.GetUtcNow()) });
        return ids.AsList();
    }

    public Task MarkSentAsync(long id, string claimId) => SetAsync(id, claimId, "sent", null);

    public Task MarkSkippedAsync(long id, string claimId, string reason) => SetAsync(id, claimId, "skipped", reason);

    public Task MarkFailedAsync(long id, string claimId, string error) => SetAsync(id, claimId, "failed", error);

    public Task ReleaseAsync(long id, string claimId, string error) => SetAsync(id, claimId, "pending", error);

    public async Task MarkBouncedAsync(long subscriberId)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync("UPDATE subscribers SET status = 'bounced' WHERE id = @subscriberId AND status = 'active'", new { subscriberId });
    }

    // Outcomes are recorded without the job's cancellation token: a message that went out must be marked sent
    // even while the server shuts down.
    async Task SetAsync(long id, string claimId, string status, string? error)
    {
        await using var connection = await connections.OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            UPDATE digests
            SET status = @status, last_error = @error, claimed_at = NULL, claim_id = NULL,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END
            WHERE id = @id AND status = 'sending' AND claim_id = @claimId
            """,
            new { id, claimId, status, error, now = time.GetUtcNow().ToUnixTimeMilliseconds() });
    }

    long StaleBefore(DateTimeOffset now) => (now - options.Value.StaleSendingAfter).ToUnixTimeMilliseconds();
}
