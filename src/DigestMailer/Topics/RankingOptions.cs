using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Topics;

/// <summary>
/// How matched papers are ranked, by digests and by the topic preview alike. The key sits in the Digest section
/// (Digest:UpvoteWeight) because it shapes the digest; it is owned here because the preview ranks the same way.
/// </summary>
public sealed class RankingOptions
{
    public const string Section = "Digest";

    /// <summary>Weight of ln(1 + upvotes) against full-text relevance when ranking papers.</summary>
    [Range(0.0, 100.0, ErrorMessage = "Digest:UpvoteWeight must be between 0 and 100.")]
    public double UpvoteWeight { get; set; } = 0.5;
}
