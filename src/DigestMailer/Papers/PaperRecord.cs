namespace DigestMailer.Papers;

/// <summary>A paper as a source describes it, ready to be stored; keyed by its arXiv id without version.</summary>
public sealed record PaperRecord
{
    public required string ArxivId { get; init; }

    public required string Title { get; init; }

    public required string Abstract { get; init; }

    public required IReadOnlyList<string> Authors { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    public DateTimeOffset? PublishedAt { get; init; }

    public int Upvotes { get; init; }

    public int NumComments { get; init; }

    public string? GithubRepo { get; init; }

    public int? GithubStars { get; init; }

    public string? ProjectPage { get; init; }

    public string? AiSummary { get; init; }

    public IReadOnlyList<string> AiKeywords { get; init; } = [];
}
