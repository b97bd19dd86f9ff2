using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Papers.Sources;

public sealed class SourcesOptions : IValidatableObject
{
    public const string Section = "Sources";

    /// <summary>Cron expression (UTC) of the ingest run; by default an hour before the digest.</summary>
    [Required]
    public string Schedule { get; set; } = "0 6 * * *";

    public HuggingFaceSourceOptions HuggingFace { get; set; } = new();

    public ArxivSourceOptions Arxiv { get; set; } = new();

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
        if (!Digests.CronSchedule.IsValid(Schedule))
        {
            yield return new ValidationResult($"Sources:Schedule must be a cron expression such as '0 6 * * *', not '{Schedule}'.", [nameof(Schedule)]);
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
    [Range(1, 60)]
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
    public TimeSpan RequestInterval { get; set; } = TimeSpan.FromSeconds(3);

    public int PageSize { get; set; } = 100;

    /// <summary>Most API results one run reads, newest first, before it stops paging.</summary>
    public int MaxResults { get; set; } = 1000;

    /// <summary>How far back the first run reads the API, before a checkpoint exists.</summary>
    public TimeSpan FirstRunLookback { get; set; } = TimeSpan.FromDays(2);
}
