using System.Threading.RateLimiting;

namespace DigestMailer.Http;

public static class HttpSetup
{
    /// <summary>What every endpoint shares: problem details for errors, and a 429 problem when a rate limit refuses.</summary>
    public static IServiceCollection AddHttpPolicies(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Too many requests from this address; try again in a minute." },
                }).AsTask());
        });
        return services;
    }

    /// <summary>
    /// Adds a rate-limit policy of <paramref name="permits"/> requests a minute per client address; the features name
    /// their own policies beside the endpoints that use them.
    /// </summary>
    public static IServiceCollection AddPerClientRateLimit(this IServiceCollection services, string policy, Func<IServiceProvider, int> permits) =>
        services.AddRateLimiter(limiter => limiter.AddPolicy(policy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits(http.RequestServices), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
}
