using System.Reflection;
using System.Security.Cryptography;
using DigestMailer.Http;
using Microsoft.Net.Http.Headers;

namespace DigestMailer.Pages;

/// <summary>
/// The group every page is mapped in, with the stylesheet and script the pages share. Pages answer HEAD as they
/// answer GET (the server sends no body), so link checkers and monitors that ask with HEAD get the page's status.
/// </summary>
public static class PageRoutes
{
    public static RouteGroupBuilder MapPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").WithTags("Pages").RefusingUnusableArguments();
        ((IEndpointConventionBuilder)pages).Finally(AlsoAnswerHead);
        foreach (var asset in Assets)
        {
            pages.MapGet($"/assets/{asset.Name}", (HttpContext context) => asset.Serve(context)).ExcludeFromDescription();
        }

        return pages;
    }

    // Finally, so it sees the GET the endpoint itself declared, whatever conventions ran before.
    static void AlsoAnswerHead(EndpointBuilder endpoint)
    {
        var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault()?.HttpMethods;
        if (methods is not null && methods.Contains(HttpMethods.Get) && !methods.Contains(HttpMethods.Head))
        {
            endpoint.Metadata.Add(new HttpMethodMetadata([.. methods, HttpMethods.Head]));
        }
    }

    // The pages' CSS and JavaScript are files rather than inline blocks, so the Content-Security-Policy can refuse
    // every inline script: an injected one would not run. Embedded, so they are found however the host is started.
    static readonly Asset[] Assets = [Asset.Load("site.css", "text/css; charset=utf-8"), Asset.Load("site.js", "text/javascript; charset=utf-8")];

    sealed record Asset(string Name, string ContentType, byte[] Bytes, EntityTagHeaderValue Tag)
    {
        public static Asset Load(string name, string contentType)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"DigestMailer.Pages.Assets.{name}")
                ?? throw new InvalidOperationException($"The page asset {name} is not embedded.");
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            return new Asset(name, contentType, bytes, new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\""));
        }

        // Revalidated on each use (a deploy changes them), answered with 304 while unchanged.
        public IResult Serve(HttpContext context)
        {
            context.Response.Headers.CacheControl = "no-cache";
            return Results.Bytes(Bytes, ContentType, entityTag: Tag);
        }
    }
}
