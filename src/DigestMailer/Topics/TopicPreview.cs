using Dapper;
using DigestMailer.Data;
using DigestMailer.Papers;
using Microsoft.Extensions.Options;

namespace DigestMailer.Topics;

public sealed record PreviewPaper(string ArxivId, string Title, string Url, string Authors, DateTimeOffset? Published, int Upvotes, string Excerpt, string ExcerptHtml);

public sealed record PreviewResult(string Topic, int Matched, IReadOnlyList<PreviewPaper> Papers);

/// <summary>What a topic would have matched among the papers of the last week, ranked as a digest ranks them.</summary>
public sealed class TopicPreview(DbConnectionFactory connections, TopicMatcher matcher, IOptions<RankingOptions> ranking, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);
    const int MaxShown = 20;

    public async Task<PreviewResult> PreviewAsync(Topic topic, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var range = await connection.QuerySingleAsync<(long After, long Through)>(
            "SELECT COALESCE(MIN(id) - 1, 0), COALESCE(MAX(id), 0) FROM papers WHERE ingested_at >= @cutoff",
            new { cutoff = time.GetUtcNow() - Window });
        var matches = await matcher.MatchAsync(connection, topic, range.After, range.Through, cancellationToken);
        var best = matches
            .OrderByDescending(m => m.Score(ranking.Value.UpvoteWeight))
            .ThenByDescending(m => m.PaperId)
            .Take(MaxShown)
            .ToList();
        var papers = (await connection.QueryAsync<(long Id, string ArxivId, string Title, string Authors, DateTimeOffset? PublishedAt, bool OnHuggingFace)>(
            $"SELECT id, arxiv_id, title, authors, published_at, on_huggingface FROM papers WHERE {connections.Lists.Contains("id", "ids")}",
            new { ids = connections.Lists.Bind(best.Select(m => m.PaperId)) })).ToDictionary(p => p.Id);
        return new PreviewResult(topic.Text, matches.Count, best.Select(match =>
        {
            var paper = papers[match.PaperId];
            var excerpt = match.Excerpt ?? "";
            return new PreviewPaper(
                paper.ArxivId,
                PaperText.Title(paper.Title),
                PaperLinks.Page(paper.ArxivId, paper.OnHuggingFace),
                string.Join(", ", paper.Authors.Split(PaperStore.ListSeparator, StringSplitOptions.RemoveEmptyEntries)),
                paper.PublishedAt,
                match.Upvotes,
                PaperText.Plain(excerpt),
                PaperText.HighlightedHtml(excerpt));
        }).ToList());
    }
}
