namespace DigestMailer.Papers;

/// <summary>
/// The papers readers like that no paper row has yet, which the ingest fetches by id. Declared here, where the ingest
/// needs it; answered by the folder that keeps the likes (Subscriptions).
/// </summary>
public interface ILikedPaperIds
{
    /// <summary>
    /// Ids that active subscribers like and no paper has, oldest like first; an id the arXiv API had no paper for
    /// (in unknown_liked_ids) only once <paramref name="retryAfter"/> has passed since it was asked.
    /// </summary>
    Task<List<string>> UnknownAsync(TimeSpan retryAfter, int limit, CancellationToken cancellationToken);
}
