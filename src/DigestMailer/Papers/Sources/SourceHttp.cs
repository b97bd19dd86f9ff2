using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace DigestMailer.Papers.Sources;

/// <summary>
/// The HTTP clients for paper sources: each attempt has a timeout; timeouts, 408, 429 and 5xx are retried with
/// exponential backoff, waiting as long as a Retry-After or RateLimit header asks when the server sends one.
/// </summary>
public static partial class SourceHttp
{
    public static void AddSourceClients(this IServiceCollection services)
    {
        services.AddSingleton<ArxivRequestGate>();
        services.AddHttpClient<HuggingFaceClient>(Configure).AddResilienceHandler("huggingface", AddPolicies);
        services.AddHttpClient<ArxivClient>(Configure).AddResilienceHandler("arxiv", AddPolicies);
    }

    static void Configure(HttpClient client)
    {
        // Retries and their waits are bounded by the pipeline; this only stops a request that would never end.
        client.Timeout = TimeSpan.FromMinutes(15);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("DigestMailer/1.0 (+research paper digests)");
    }

    static void AddPolicies(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<SourcesOptions>>().Value;
        // Polly would take the registered TimeProvider, which is the app's clock for timestamps; waits on a
        // remote server are real time.
        pipeline.TimeProvider = TimeProvider.System;
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            ShouldRetryAfterHeader = false,
            ShouldHandle = args => ValueTask.FromResult(
                options.MaxRetries > 0
                && HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && !(ServerWait(args.Outcome.Result) > options.MaxRetryWait)),
            DelayGenerator = args => ValueTask.FromResult(ServerWait(args.Outcome.Result)),
        });
        pipeline.AddTimeout(options.Timeout);
    }

    /// <summary>How long the server asked us to wait: Retry-After (seconds or a date), else the RateLimit reset.</summary>
    public static TimeSpan? ServerWait(HttpResponseMessage? response)
    {
        if (response is null)
        {
            return null;
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        // IETF RateLimit fields, as Hugging Face sends them with a 429: RateLimit: "api";r=0;t=55, or the older
        // RateLimit-Reset: 55. Both give the seconds until the window resets.
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            if (response.Headers.TryGetValues("RateLimit", out var rateLimit)
                && ResetParameter().Match(string.Join(',', rateLimit)) is { Success: true } match)
            {
                return TimeSpan.FromSeconds(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
            }

            if (response.Headers.TryGetValues("RateLimit-Reset", out var reset)
                && int.TryParse(reset.FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bt=(\d{1,6})\b")]
    private static partial Regex ResetParameter();
}
/// <summary>Spaces requests to arXiv at least Sources:Arxiv:RequestInterval apart, as arXiv's terms ask.</summary>
public sealed class ArxivRequestGate(IOptions<SourcesOptions> options) : IDisposable
{
    readonly SemaphoreSlim turn = new(1, 1);
    long? lastRequest;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            var interval = options.Value.Arxiv.RequestInterval;
            if (lastRequest is { } last && TimeSpan.FromMilliseconds(Environment.TickCount64 - last) is var elapsed && elapsed < interval)
            {
                await Task.Delay(interval - elapsed, cancellationToken);
            }

            lastRequest = Environment.TickCount64;
        }
        finally
        {
            turn.Release();
        }
    }

    public void Dispose() => turn.Dispose();
}
