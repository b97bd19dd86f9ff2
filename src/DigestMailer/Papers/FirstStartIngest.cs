using DigestMailer.Papers.Sources;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Papers;

/// <summary>
/// A new install has no papers until the first scheduled ingest; without this, its first digests would all be
/// skipped. An ingest runs at once when the sources are on and the database holds no paper yet.
/// </summary>
public sealed class FirstStartIngest(PaperStore papers, IBackgroundJobClient jobs, IOptions<SourcesOptions> options, ILogger<FirstStartIngest> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IngestOnFirstStart || !settings.AnyEnabled || await papers.AnyAsync(cancellationToken))
        {
            return;
        }

        jobs.Enqueue<IngestPapersJob>(job => job.RunScheduledAsync(CancellationToken.None));
        logger.LogInformation("No papers yet: an ingest run starts now instead of at the next Sources:Schedule");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
