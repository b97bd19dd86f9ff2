using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Papers;

/// <summary>
/// How many trending papers a digest's Trending section and the sign-up page list. The key sits in the Digest section
/// (Digest:TrendingPapers) because it shapes the digest; it is owned here because the public pages list the same papers.
/// </summary>
public sealed class TrendingOptions
{
    public const string Section = "Digest";

    /// <summary>Papers in a digest's Trending section at most: the new papers with the most upvotes, for those who ask.</summary>
    [Range(1, 50, ErrorMessage = "Digest:TrendingPapers must be between 1 and 50.")]
    public int TrendingPapers { get; set; } = 10;
}
