namespace DigestMailer.Relevance;

public sealed class RelevanceOptions
{
    public const string Section = "Relevance";

    /// <summary>
    /// Enqueue the embed-papers job after each ingest that stored new papers. Off, papers wait without embeddings
    /// until it is turned on again (the next run catches up) and digests rank as if no reader had a profile for them.
    /// </summary>
    public bool EmbedAfterIngest { get; set; } = true;
}
