using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.WebUtilities;

namespace DigestMailer.Http;

/// <summary>
/// The largest request body an endpoint takes: <see cref="DefaultBytes"/> unless its group says otherwise. A body
/// over it is refused with 413 as it is read, by Kestrel (through <see cref="IHttpMaxRequestBodySizeFeature"/>) or,
/// on a server without that feature such as the test host, by <see cref="LimitedBodyStream"/>.
/// </summary>
public sealed class BodySizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    /// <summary>A sign-up or preferences form is a few kilobytes even with 20 topics written as JSON escapes.</summary>
    public const long DefaultBytes = 1024 * 1024;

    public long? MaxRequestBodySize => bytes;

    public static void Apply(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? DefaultBytes;
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is null)
        {
            context.Request.Body = new LimitedBodyStream(context.Request.Body, limit, context.Request.ContentLength);
        }
        else if (!feature.IsReadOnly)
        {
            feature.MaxRequestBodySize = limit;
        }
    }
}

public static class BodySizeLimitExtensions
{
    /// <summary>
    /// Applies each endpoint's limit, and answers a body the server refused while it was read (too large, cut short,
    /// too slow) with the status the server chose, as a problem: the client's doing, never a 500.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        BodySizeLimit.Apply(context);
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = ex.StatusCode;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = ex.StatusCode, Title = ReasonPhrases.GetReasonPhrase(ex.StatusCode), Detail = ex.Message },
            });
        }
    });

    public static TBuilder WithBodySizeLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodySizeLimit(bytes));
}
