using DigestMailer.Papers;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Relevance;

/// <summary>New papers get their embeddings from a job enqueued right after they are stored.</summary>
public sealed class EmbedAfterIngest(IBackgroundJobClient jobs, IOptions<RelevanceOptions> options) : IPapersStoredListener
{
    public void PapersStored(int inserted)
    {
        if (options.Value.EmbedAfterIngest)
        {
            jobs.Enqueue<EmbedPapersJob>(job => job.RunAsync(CancellationToken.None));
        }
    }
}
