namespace DigestMailer.Papers;

/// <summary>
/// A paper as one source describes it, keyed by its arXiv id without version. A field a source does not know
/// is null (or empty), so that storing the record never erases what another source said.
/// </summary>
public sealed record PaperRecord
{
    public required string ArxivId { get; init; }

    public required string Title { get; init; }

    public required string Abstract { get; init; }

    public required IReadOnlyList<string> Authors { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    public string? PrimaryCategory { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    /// <summary>The arXiv version (2 for 2509.04664v2), when the source names one.</summary>
    public int? Version { get; init; }

    public string? Comment { get; init; }

    public string? Doi { get; init; }

    public string? JournalRef { get; init; }

    /// <summary>True when the paper comes from Hugging Face Daily Papers, which then has a page for it.</summary>
    public bool OnHuggingFace { get; init; }

    public int? Upvotes { get; init; }

    public int? NumComments { get; init; }

    public string? GithubRepo { get; init; }

    public int? GithubStars { get; init; }

    public string? ProjectPage { get; init; }

    public string? AiSummary { get; init; }

    public IReadOnlyList<string> AiKeywords { get; init; } = [];
}
