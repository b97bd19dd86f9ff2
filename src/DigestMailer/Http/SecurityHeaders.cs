namespace DigestMailer.Http;

/// <summary>An endpoint's own Content-Security-Policy, where the site-wide <see cref="Site"/> does not fit it.</summary>
public sealed record ContentSecurityPolicy(string Value)
{
    const string Frame = "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>Pages and JSON: scripts and styles only from our own files (/assets), never inline.</summary>
    public static readonly ContentSecurityPolicy Site = new($"default-src 'self'; {Frame}");

    /// <summary>A mail shown as a page: its layout is inline styles (mail clients need them) and it has no scripts.</summary>
    public static readonly ContentSecurityPolicy MailAsPage = new($"default-src 'self'; script-src 'none'; style-src 'unsafe-inline'; {Frame}");

    /// <summary>Hangfire's dashboard writes inline scripts and styles of its own; it is admin-only.</summary>
    public static readonly ContentSecurityPolicy Dashboard = new(
        $"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; {Frame}");
}

/// <summary>
/// The headers every answer carries, pages, JSON and errors alike. Set when the response starts, so an answer the
/// exception handler or status-code pages wrote after clearing the response has them too.
/// </summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state => Add((HttpContext)state), context);
        return next(context);
    });

    public static TBuilder WithContentSecurityPolicy<TBuilder>(this TBuilder builder, ContentSecurityPolicy policy)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(policy);

    static Task Add(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = (context.GetEndpoint()?.Metadata.GetMetadata<ContentSecurityPolicy>() ?? ContentSecurityPolicy.Site).Value;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // Links in mail carry their tokens in the URL; no page may pass one on to another site as a Referer.
        headers["Referrer-Policy"] = "no-referrer";
        return Task.CompletedTask;
    }
}
