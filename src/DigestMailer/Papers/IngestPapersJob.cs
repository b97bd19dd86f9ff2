using System.Globalization;
using DigestMailer.Data;
using DigestMailer.Papers.Sources;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Papers;

/// <summary>
/// Reads every configured source and stores what it brings. Each unit of work (one Hugging Face day, the arXiv
/// API catch-up, one RSS category) is written in one transaction together with its checkpoint, so a failure
/// leaves nothing half-written and the next run starts where the last good write ended.
/// </summary>
public sealed class IngestPapersJob(
    IngestRuns runs,
    PaperStore papers,
    DbConnectionFactory connections,
    HuggingFaceClient huggingFace,
    ArxivClient arxiv,
    ILikedPaperIds likedPapers,
    IOptions<SourcesOptions> options,
    IEnumerable<IPapersStoredListener> listeners,
    TimeProvider time,
    ILogger<IngestPapersJob> logger)
{
    public const string RecurringJobId = "ingest-papers";
    const string HuggingFaceCheckpoint = "huggingface";
    const string ArxivApiCheckpoint = "arxiv-api";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Ingest papers (scheduled)")]
    public async Task RunScheduledAsync(CancellationToken cancellationToken) =>
        await RunAsync(await runs.CreateAsync("schedule", cancellationToken), cancellationToken);

    /// <summary>No Hangfire retry: a failed run is recorded, and the next scheduled run catches up.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Ingest papers, run {0}")]
    public async Task RunAsync(long runId, CancellationToken cancellationToken)
    {
        var totals = new Totals();
        var errors = new List<string>();
        var settings = options.Value;
        try
        {
            if (settings.HuggingFace.Enabled)
            {
                await Attempt(() => IngestHuggingFaceAsync(totals, cancellationToken), errors);
            }

            if (settings.Arxiv.Enabled)
            {
                await Attempt(() => IngestArxivApiAsync(totals, cancellationToken), errors);
                foreach (var category in settings.Arxiv.EffectiveCategories)
                {
                    await Attempt(() => IngestArxivRssAsync(category, totals, cancellationToken), errors);
                }

                // Last, so a liked paper the listings brought in this run is not asked for again.
                await Attempt(() => IngestLikedPapersAsync(totals, cancellationToken), errors);
            }

            IPapersStoredListener.Notify(listeners, totals.Inserted);
        }
        catch (Exception ex)
        {
            // Whatever stops the run (a shutdown, a bug), its record must not stay 'running'.
            errors.Add(ex is OperationCanceledException ? "interrupted: the service stopped" : $"unexpected error: {ex.Message}");
            throw;
        }
        finally
        {
            var error = errors.Count == 0 ? null : string.Join("; ", errors);
            await runs.FinishAsync(runId, totals.Fetched, totals.Inserted, totals.Updated, error, CancellationToken.None);
            logger.LogInformation(
                "Ingest run {Run}: fetched {Fetched}, inserted {Inserted}, updated {Updated}{Error}",
                runId, totals.Fetched, totals.Inserted, totals.Updated, error is null ? "" : "; failed: " + error);
        }
    }

    async Task Attempt(Func<Task> read, List<string> errors)
    {
        try
        {
            await read();
        }
        catch (SourceException ex)
        {
            logger.LogWarning(ex, "Reading a paper source failed");
            errors.Add(ex.Message);
        }
    }

    /// <summary>From the last day read completely (read again: late papers and new votes) to today, at most MaxCatchUpDays.</summary>
    async Task IngestHuggingFaceAsync(Totals totals, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var earliest = today.AddDays(1 - options.Value.HuggingFace.MaxCatchUpDays);
        var checkpoint = await runs.CheckpointAsync(HuggingFaceCheckpoint, cancellationToken);
        var from = DateOnly.TryParseExact(checkpoint, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last)
            ? last
            : today.AddDays(-1);
        for (var day = from < earliest ? earliest : from; day <= today; day = day.AddDays(1))
        {
            var fetched = await huggingFace.FetchDayAsync(day, mayBeUnpublished: day == today, cancellationToken);
            var dayText = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            await StoreAsync(fetched, totals, (HuggingFaceCheckpoint, dayText), cancellationToken);
        }
    }

    /// <summary>The API, newest first, back to a day before the newest submission seen last time.</summary>
    async Task IngestArxivApiAsync(Totals totals, CancellationToken cancellationToken)
    {
        var checkpoint = await runs.CheckpointAsync(ArxivApiCheckpoint, cancellationToken);
        var since = DateTimeOffset.TryParse(checkpoint, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var newest)
            ? newest.AddDays(-1)
            : time.GetUtcNow() - options.Value.Arxiv.FirstRunLookback;
        var (fetched, complete) = await arxiv.FetchSubmittedSinceAsync(since, cancellationToken);
        var newestSeen = fetched.Select(p => p.PublishedAt).Where(d => d is not null).DefaultIfEmpty(since.AddDays(1)).Max()!.Value;
        await StoreAsync(fetched, totals, (ArxivApiCheckpoint, newestSeen.ToString("O", CultureInfo.InvariantCulture)), cancellationToken);
        if (!complete)
        {
            // The API lists newest first and cannot resume in the middle: what is older than the newest MaxResults
            // is not read. Stored what was read; say so, so an operator raises the limit.
            throw new SourceException(
                $"arXiv API: more than {options.Value.Arxiv.MaxResults} submissions since {since:yyyy-MM-dd HH:mm}; the older ones were not read (raise Sources:Arxiv:MaxResults)");
        }
    }

    /// <summary>A replacement of a paper we never had is an old paper's new version, not news: it is skipped.</summary>
    async Task IngestArxivRssAsync(string category, Totals totals, CancellationToken cancellationToken)
    {
        var announcements = await arxiv.FetchAnnouncementsAsync(category, cancellationToken);
        var known = await papers.KnownIdsAsync(announcements.Where(a => a.IsReplacement).Select(a => a.Paper.ArxivId), cancellationToken);
        var wanted = announcements.Where(a => !a.IsReplacement || known.Contains(a.Paper.ArxivId)).Select(a => a.Paper).ToList();
        totals.Fetched += announcements.Count - wanted.Count;
        await StoreAsync(wanted, totals, checkpoint: null, cancellationToken);
    }

    /// <summary>
    /// Papers readers like that no source listed: fetched by id in one API request per run, stored marked as old so no
    /// digest sends them as news. An id the API has no paper for is asked again a day later.
    /// </summary>
    async Task IngestLikedPapersAsync(Totals totals, CancellationToken cancellationToken)
    {
        var wanted = await likedPapers.UnknownAsync(TimeSpan.FromDays(1), options.Value.Arxiv.PageSize, cancellationToken);
        if (wanted.Count == 0)
        {
            return;
        }

        var asked = wanted.ToHashSet(StringComparer.Ordinal);
        var found = (await arxiv.FetchByIdsAsync(wanted, cancellationToken)).Where(p => asked.Contains(p.ArxivId)).ToList();
        var counts = await papers.StoreLikedAsync(found, asked.Except(found.Select(p => p.ArxivId)), cancellationToken);
        totals.Fetched += found.Count;
        totals.Inserted += counts.Inserted;
        totals.Updated += counts.Updated;
    }

    async Task StoreAsync(IReadOnlyList<PaperRecord> fetched, Totals totals, (string Source, string Value)? checkpoint, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var counts = await papers.UpsertAsync(connection, transaction, fetched);
        if (checkpoint is { } saved)
        {
            await runs.SaveCheckpointAsync(connection, transaction, saved.Source, saved.Value);
        }

        await transaction.CommitAsync(cancellationToken);
        totals.Fetched += fetched.Count;
        totals.Inserted += counts.Inserted;
        totals.Updated += counts.Updated;
    }

    sealed class Totals
    {
        public int Fetched { get; set; }

        public int Inserted { get; set; }

        public int Updated { get; set; }
    }
}
