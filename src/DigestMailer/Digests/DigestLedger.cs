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

    /// <summary>The ledger's JSON list of the digest's papers (digests.items), as read.</summary>
    internal string Items { get; init; } = "[]";

    public List<DigestPaper> Papers { get; } = [];
}

/// <summary>The digests one job run claimed, under its own claim id, at <paramref name="ClaimedAt"/>.</summary>
public sealed record DigestClaim(string ClaimId, IReadOnlyList<long> Ids, DateTimeOffset ClaimedAt);

/// <summary>A paper as a digest shows it: the stored paper, plus what the ledger item says about it.</summary>
public sealed record DigestPaper
{
    public long Id { get; init; }

    public string ArxivId { get; init; } = "";

    public string Title { get; init; } = "";

    public string Abstract { get; init; } = "";

    public string Authors { get; init; } = "";

    public DateTimeOffset? PublishedAt { get; init; }

    public int Upvotes { get; init; }

    public string? GithubRepo { get; init; }

    public string? ProjectPage { get; init; }

    public bool OnHuggingFace { get; init; }

    /// <summary>The subscriber's topics that matched, and the trending and similar labels (<see cref="DigestItem"/>).</summary>
    public IReadOnlyList<string> MatchedTopics { get; init; } = [];

    /// <summary>The abstract excerpt with matched words between \u0002 and \u0003, when the planner made one.</summary>
    public string? HighlightedExcerpt { get; init; }
}

/// <summary>
/// The digests table as a delivery ledger: claim (pending → sending), then sent, skipped or failed per digest,
/// or released back to pending when the connection breaks. Every step is one conditional UPDATE, so a job
/// that runs twice finds nothing left to claim.
/// </summary>
public sealed class DigestLedger(DbConnectionFactory connections, LedgerWriter writer, IOptions<DigestOptions> options, TimeProvider time)
{
    /// <summary>The subscriber a digest was for, or null for an id the ledger does not hold.</summary>
    public async Task<long?> SubscriberOfAsync(long digestId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            "SELECT subscriber_id FROM digests WHERE id = @digestId", new { digestId }, cancellationToken: cancellationToken));
    }

    /// <summary>Claims the unsent digests in [firstId, lastId] for one job run, named by the returned claim id.</summary>
    public async Task<DigestClaim> ClaimAsync(long firstId, long lastId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var claimId = Guid.NewGuid().ToString("N");
        // A 'sending' claim not renewed for StaleSendingAfter was left by a process that died mid-batch.
        var ids = await writer.QueryIdsAsync(
            """
            UPDATE digests SET status = @sending, claimed_at = @now, claim_id = @claimId, attempts = attempts + 1
            WHERE id BETWEEN @firstId AND @lastId
              AND (status = @pending OR (status = @sending AND claimed_at < @staleBefore))
            RETURNING id
            """,
            cancellationToken,
            ("@now", UnixMs.From(now)),
            ("@claimId", claimId),
            ("@firstId", firstId),
            ("@lastId", lastId),
            ("@staleBefore", UnixMs.From(StaleBefore(now))),
            ("@pending", DigestStatus.Pending),
            ("@sending", DigestStatus.Sending));
        return new DigestClaim(claimId, ids.Order().ToList(), now);
    }

    /// <summary>The claimed digests, to check and mark one by one as they are sent; see <see cref="ClaimedBatch"/>.</summary>
    public ClaimedBatch Batch(DigestClaim claim) => new(writer, claim, options.Value.StaleSendingAfter, time);

    public async Task<IReadOnlyList<DigestToSend>> LoadAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var lists = connections.Lists;
        var rows = (await connection.QueryAsync<DigestToSend>(
            $"""
            SELECT d.id AS Id, d.subscriber_id AS SubscriberId, s.email AS Email, s.status AS SubscriberStatus,
                   d.digest_date AS DigestDate, d.attempts AS Attempts, d.items AS Items
            FROM digests d JOIN subscribers s ON s.id = d.subscriber_id
            WHERE {lists.Contains("d.id", "ids")}
            ORDER BY d.id
            """,
            new { ids = lists.Bind(ids) })).AsList();
        var items = rows.ToDictionary(r => r.Id, r => DigestItem.Deserialize(r.Items));
        var paperIds = items.Values.SelectMany(i => i).Select(i => i.Paper).Distinct();
        var papers = (await connection.QueryAsync<DigestPaper>(
            $"""
            SELECT id AS Id, arxiv_id AS ArxivId, title AS Title, abstract AS Abstract, authors AS Authors,
                   published_at AS PublishedAt, upvotes AS Upvotes, github_repo AS GithubRepo,
                   project_page AS ProjectPage, on_huggingface AS OnHuggingFace
            FROM papers WHERE {lists.Contains("id", "paperIds")}
            """,
            new { paperIds = lists.Bind(paperIds) })).ToDictionary(p => p.Id);

        var excerpts = await TopicExcerpts.LoadAsync(connection, lists, items.Values.SelectMany(i => i).Select(i => i.Excerpt).OfType<long>());
        // Subscribers who share a topic get the same paper with the same matched topics and excerpt: one instance
        // for all of them, which DigestMail renders into its view once.
        var shown = new Dictionary<DigestItem, DigestPaper>();
        foreach (var digest in rows)
        {
            foreach (var item in items[digest.Id].Where(i => papers.ContainsKey(i.Paper)))
            {
                if (!shown.TryGetValue(item, out var paper))
                {
                    paper = papers[item.Paper] with { MatchedTopics = item.Topics, HighlightedExcerpt = item.Excerpt is { } id ? excerpts.GetValueOrDefault(id) : null };
                    shown.Add(item, paper);
                }

                digest.Papers.Add(paper);
            }
        }

        return rows;
    }

    /// <summary>Digests still to send, oldest first: pending ones and claims orphaned by a crashed process.</summary>
    public async Task<IReadOnlyList<long>> UnsentIdsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(
            """
            SELECT id FROM digests
            WHERE status = @Pending OR (status = @Sending AND claimed_at < @staleBefore)
            ORDER BY id
            """,
            new { staleBefore = StaleBefore(time.GetUtcNow()), DigestStatus.Pending, DigestStatus.Sending });
        return ids.AsList();
    }

    DateTimeOffset StaleBefore(DateTimeOffset now) => now - options.Value.StaleSendingAfter;
}
