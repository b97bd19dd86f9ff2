using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DigestMailer.Http;

/// <summary>
/// For anonymous JSON endpoints: the body must be declared <c>application/json</c>, and a browser's request must come
/// from our own site. A page elsewhere can make its visitors' browsers post <c>text/plain</c> (or no type) without
/// asking, from each visitor's own address where the per-IP limit does not hold; <c>application/json</c> it cannot
/// send cross-site without a CORS preflight, which we never grant. The Origin check refuses the rest before the
/// handler runs (the body has been read by then: JSON bodies are bound as parameters, before any filter).
/// </summary>
public sealed class SameSiteJson(IOptions<AppOptions> app) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !IsOurs(origin, request))
        {
            return TypedResults.Problem(
                $"Requests from {origin} are not accepted; sign up on this site's own page.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused");
        }

        if (!IsJson(request.ContentType))
        {
            return TypedResults.Problem(
                "Send the body as JSON with the header Content-Type: application/json.",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported media type");
        }

        return await next(context);
    }

    static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    // Same origin as the public base URL (behind a proxy) or as the host the request was sent to (scheme, host, port).
    bool IsOurs(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var from)
        && (SameOrigin(from, app.Value.BaseUri)
            || (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var host) && SameOrigin(from, host)));

    static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;
}
