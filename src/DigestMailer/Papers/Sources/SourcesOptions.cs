using System.ComponentModel.DataAnnotations;
using DigestMailer.Jobs;
using Microsoft.Extensions.Options;

namespace DigestMailer.Papers.Sources;

public sealed class SourcesOptions : IValidatableObject
{
    public const string Section = "Sources";

    /// <summary>
    /// Cron expression (UTC) of the ingest run. Hugging Face lists papers through the day and arXiv announces once a
    /// day, so the default reads every hour, a quarter of an hour before each hourly planning run: every send hour
    /// gets what was published before it.
    /// </summary>
    [Required]
    public string Schedule { get; set; } = "45 * * * *";

    /// <summary>A new install (no papers yet) ingests at start-up instead of waiting for the next scheduled run.</summary>
    public bool IngestOnFirstStart { get; set; } = true;

    [ValidateObjectMembers]
    public HuggingFaceSourceOptions HuggingFace { get; set; } = new();

    [ValidateObjectMembers]
    public ArxivSourceOptions Arxiv { get; set; } = new();

    public bool AnyEnabled => HuggingFace.Enabled || Arxiv.Enabled;

    /// <summary>Per-request timeout, after which the request is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00", ErrorMessage = "Sources:Timeout must be between 100 ms and 5 minutes.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay of the exponential backoff (unless the server says how long to wait).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "Sources:RetryDelay must be between 0 and 5 minutes.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    [Range(0, 10, ErrorMessage = "Sources:MaxRetries must be between 0 and 10.")]
    public int MaxRetries { get; set; } = 4;

    /// <summary>Longest wait a Retry-After or RateLimit header can impose before the run gives up for this time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Sources:MaxRetryWait must be between 0 and 30 minutes.")]
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromMinutes(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!CronSchedule.IsValid(Schedule))
        {
            yield return new ValidationResult($"Sources:Schedule must be a cron expression such as '45 * * * *', not '{Schedule}'.", [nameof(Schedule)]);
        }

        foreach (var (key, url) in new[] { ("Sources:HuggingFace:BaseUrl", HuggingFace.BaseUrl), ("Sources:Arxiv:ApiBaseUrl", Arxiv.ApiBaseUrl), ("Sources:Arxiv:RssBaseUrl", Arxiv.RssBaseUrl) })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                yield return new ValidationResult($"{key} must be an absolute http(s) URL, not '{url}'.", [key]);
            }
        }

        foreach (var category in Arxiv.EffectiveCategories.Where(c => !ArxivIds.IsCategory(c)))
        {
            yield return new ValidationResult($"Sources:Arxiv:Categories has '{category}', which is not an arXiv category such as cs.LG.", ["Sources:Arxiv:Categories"]);
        }
    }
}

public sealed class HuggingFaceSourceOptions
{
    public bool Enabled { get; set; } = true;

    public string BaseUrl { get; set; } = "https://huggingface.co";

    /// <summary>Days a run goes back to catch up when earlier runs were missed or failed.</summary>
    [Range(1, 60, ErrorMessage = "Sources:HuggingFace:MaxCatchUpDays must be between 1 and 60.")]
    public int MaxCatchUpDays { get; set; } = 7;
}

public sealed class ArxivSourceOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Categories read from the API and the RSS feeds; cs.LG and cs.CL when not set. No initializer: the
    /// configuration binder adds configured items to a pre-filled collection instead of replacing it.
    /// </summary>
    public string[]? Categories { get; set; }

    public IReadOnlyList<string> EffectiveCategories => Categories is { Length: > 0 } ? Categories : ["cs.LG", "cs.CL"];

    public string ApiBaseUrl { get; set; } = "https://export.arxiv.org";

    public string RssBaseUrl { get; set; } = "https://rss.arxiv.org";

    /// <summary>arXiv asks for at most one request every three seconds.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Sources:Arxiv:RequestInterval must be between 0 and 1 minute.")]
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Results per API request; arXiv serves at most 2,000.</summary>
    [Range(1, 2000, ErrorMessage = "Sources:Arxiv:PageSize must be between 1 and 2000.")]
    public int PageSize { get; set; } = 100;

    /// <summary>Most API results one run reads, newest first, before it stops paging.</summary>
    [Range(1, 30000, ErrorMessage = "Sources:Arxiv:MaxResults must be between 1 and 30000.")]
    public int MaxResults { get; set; } = 1000;

    /// <summary>How far back the first run reads the API, before a checkpoint exists.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Sources:Arxiv:FirstRunLookback must be between 1 hour and 10 years.")]
    public TimeSpan FirstRunLookback { get; set; } = TimeSpan.FromDays(2);
}
