using System.Security.Cryptography;
using System.ServiceModel.Syndication;
using System.Text;
using System.Xml;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace DigestMailer.Digests;

/// <summary>
/// /feeds/{token}.atom: the papers of a subscriber's sent digests as an Atom 1.0 feed, newest first, for a feed reader.
/// The token is a link token of its own purpose: a feed address handed to a reader service opens nothing else.
/// </summary>
public static class DigestFeed
{
    public const int MaxEntries = 100;
    const string ContentType = "application/atom+xml; charset=utf-8";

    public static IEndpointRouteBuilder MapDigestFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet("/feeds/{token}.atom", ShowAsync);
        return app;
    }

    /// <summary>The feed's path for a subscriber, relative to the base URL.</summary>
    public static string PathFor(LinkTokens tokens, long subscriberId) => $"feeds/{Uri.EscapeDataString(tokens.Create(LinkPurpose.Feed, subscriberId))}.atom";

    static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> ShowAsync(
        HttpContext context, string token, LinkTokens tokens, SubscriptionStore store, DigestHistory history, IOptions<AppOptions> app, CancellationToken cancellationToken)
    {
        var check = tokens.Check(token, LinkPurpose.Feed);
        if (check.Status != LinkTokenStatus.Valid)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["token"] = ["This feed address is not valid. Copy it again from your preferences page."],
            });
        }

        var subscriber = await store.GetAsync(check.SubscriberId, cancellationToken);
        if (subscriber is null || !subscriber.Issued(check.IssuedAt))
        {
            return TypedResults.Problem("There is no subscription for this feed address.", statusCode: StatusCodes.Status404NotFound);
        }

        // Gone rather than empty: a reader that sees 410 stops polling, as the person asked for no more papers.
        if (subscriber.Status == SubscriberStatus.Unsubscribed)
        {
            return TypedResults.Problem("You unsubscribed, so this feed has ended. Resubscribe to start it again.", statusCode: StatusCodes.Status410Gone);
        }

        var papers = await history.SentPapersAsync(subscriber.Id, MaxEntries, cancellationToken);
        var updated = papers.Count > 0 ? papers.Max(p => p.SentAt) : subscriber.CreatedAt;
        var bytes = Write(Feed(subscriber.Id, papers, updated, app.Value, context.Request.Path + context.Request.QueryString));
        // Readers poll: the body's hash and the latest sending answer their conditional requests with 304.
        context.Response.Headers.CacheControl = "private, no-cache";
        return TypedResults.Bytes(
            bytes, ContentType, lastModified: updated, entityTag: new EntityTagHeaderValue($"\"{Convert.ToHexString(SHA256.HashData(bytes))[..32]}\""));
    }

    static SyndicationFeed Feed(long subscriberId, IReadOnlyList<FeedPaper> papers, DateTimeOffset updated, AppOptions app, string path)
    {
        var feed = new SyndicationFeed(
            "Your DigestMailer papers",
            "The papers of the digests sent to you, newest first.",
            new Uri(app.Link("")),
            FormattableString.Invariant($"tag:{app.BaseUri.Host},2026:feeds/{subscriberId}"),
            updated)
        {
            Generator = "DigestMailer",
        };
        feed.Authors.Add(new SyndicationPerson { Name = "DigestMailer" });
        feed.Links.Add(SyndicationLink.CreateSelfLink(new Uri(app.Link(path.TrimStart('/'))), "application/atom+xml"));
        feed.Items = papers.Select(Entry).ToList();
        return feed;
    }

    static SyndicationItem Entry(FeedPaper paper)
    {
        var item = new SyndicationItem
        {
            Id = $"https://arxiv.org/abs/{paper.ArxivId}",
            Title = new TextSyndicationContent(XmlText(PaperText.Title(paper.Title))),
            Summary = new TextSyndicationContent(XmlText(MathText.Readable(paper.Abstract))),
            LastUpdatedTime = paper.SentAt,
        };
        item.Links.Add(SyndicationLink.CreateAlternateLink(new Uri(PaperLinks.Page(paper.ArxivId, paper.OnHuggingFace))));
        item.Links.Add(new SyndicationLink(new Uri(PaperLinks.Pdf(paper.ArxivId)), "related", "PDF", "application/pdf", 0));
        foreach (var author in paper.Authors.Split(PaperStore.ListSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            item.Authors.Add(new SyndicationPerson { Name = XmlText(author) });
        }

        return item;
    }

    static byte[] Write(SyndicationFeed feed)
    {
        using var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new Atom10FeedFormatter(feed).WriteTo(xml);
        }

        return buffer.ToArray();
    }

    // A control character in a stored abstract is not allowed in XML at all: dropped, rather than failing the feed.
    static string XmlText(string text)
    {
        if (text.All(XmlConvert.IsXmlChar))
        {
            return text;
        }

        var kept = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i++, 2);
            }
            else if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
        }

        return kept.ToString();
    }
}
