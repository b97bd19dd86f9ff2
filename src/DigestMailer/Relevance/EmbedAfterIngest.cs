using DigestMailer.Papers;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Relevance;

/// <summary>New papers get their embeddings from a job enqueued right after they are stored.</summary>
public sealed class EmbedAfterIngest(IBackgroundJobClient jobs, IOptions<RelevanceOptions> options, ILogger<EmbedAfterIngest> logger) : IPapersStoredListener
{
    public void PapersStored(int inserted)
    {
        if (!options.Value.EmbedAfterIngest)
        {
            return;
        }

        try
        {
            jobs.Enqueue<EmbedPapersJob>(job => job.RunAsync(CancellationToken.None));
        }
        catch (BackgroundJobClientException ex)
        {
            // The papers are stored already: the ingest succeeded, and the next run's job embeds these too.
            logger.LogWarning(ex, "Could not enqueue the embedding of {Papers} new papers; the next ingest's job will", inserted);
        }
    }
}
