using System.Diagnostics;
using Hangfire;

namespace DigestMailer.Relevance;

/// <summary>
/// Embeds every paper that has no vector of the current model yet, in batches by id, each batch stored in one
/// transaction: a cancelled or crashed run keeps what it stored, and the next run (after the next ingest, or started
/// by hand) carries on from there. Runs as a Hangfire job, never on a request.
/// </summary>
public sealed class EmbedPapersJob(EmbeddingStore store, EmbeddingModel model, ILogger<EmbedPapersJob> logger)
{
    // Small enough that a cancellation is honoured within a few seconds on two cores, large enough to batch the model.
    public const int BatchSize = 32;

    /// <summary>Safe to run twice at once: both embed the same papers and the later write wins.</summary>
    [AutomaticRetry(Attempts = 1)]
    [JobDisplayName("Embed papers")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var embedded = 0;
        var after = 0L;
        while (true)
        {
            var batch = await store.MissingAsync(after, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            var vectors = model.Embed([.. batch.Select(p => EmbeddingModel.PaperText(p.Title, p.Abstract))], cancellationToken);
            await store.SaveAsync([.. batch.Select((paper, i) => (paper.Id, vectors[i]))], cancellationToken);
            embedded += batch.Count;
            after = batch[^1].Id;
        }

        if (embedded > 0)
        {
            logger.LogInformation("Embedded {Papers} papers in {Seconds:F1} s", embedded, watch.Elapsed.TotalSeconds);
        }
    }
}
