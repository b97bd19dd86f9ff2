using System.Globalization;
using System.Runtime.CompilerServices;
using DigestMailer.Email;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace DigestMailer.Digests;

/// <param name="MatchedTopics">The subscriber's topics that matched, as a person reads them.</param>
/// <param name="Trending">Chosen as one of the day's trending papers: listed in the Trending section.</param>
/// <param name="Similar">Chosen for its closeness to the papers the reader liked: listed in the section that says so.</param>
public sealed record DigestPaperView(
    string ArxivId,
    string Title,
    string Url,
    string Authors,
    string? Published,
    string Excerpt,
    string ExcerptHtml,
    int Upvotes,
    IReadOnlyList<string> MatchedTopics,
    string PdfUrl,
    string? CodeUrl,
    string? ProjectUrl,
    bool Trending,
    bool Similar = false)
{
    /// <summary>A topic paper's heading names its first topic; the list says which topics matched beyond that.</summary>
    public bool ShowMatched => MatchedTopics.Count > (Trending ? 0 : 1);
}

/// <summary>One heading of a digest and its papers in rank order.</summary>
public sealed record DigestSection(string Title, IReadOnlyList<DigestPaperView> Papers);

public sealed record DigestView(
    string Email,
    string Date,
    string Subject,
    string Preheader,
    int PaperCount,
    IReadOnlyList<DigestSection> Sections,
    string UnsubscribeUrl,
    string PreferencesUrl,
    string ViewUrl,
    string FeedUrl)
{
    /// <summary>"More like this" for a paper: this followed by the paper's arXiv id.</summary>
    public string MoreUrl { get; init; } = "";

    /// <summary>"Less like this" for a paper: this followed by the paper's arXiv id.</summary>
    public string LessUrl { get; init; } = "";
}

/// <summary>Renders one digest (templates/email/digest.*) into a message.</summary>
public sealed class DigestMail(TemplateLibrary templates, MessageFactory messages, LinkTokens tokens, IOptions<AppOptions> app)
{
    const int AuthorsShown = 5;

    // The same for every digest; made once rather than parsing URIs for each of them. A token (letters, digits,
    // '.', '-', '_') reads the same escaped or not, so appending it gives what Link() gives for the whole string.
    readonly string unsubscribeLink = app.Value.Link("unsubscribe?token=");
    readonly string preferencesLink = app.Value.Link("preferences?token=");
    readonly string feedbackLink = app.Value.Link("feedback?token=");

    // A paper's view depends on nothing but the paper as the digest shows it, and the ledger hands out one instance
    // per paper, matched topics and excerpt for a whole batch; the view lives as long as that instance does.
    static readonly ConditionalWeakTable<DigestPaper, DigestPaperView> Views = [];

    public async Task<MimeMessage> BuildAsync(DigestToSend digest)
    {
        var unsubscribeUrl = unsubscribeLink + Uri.EscapeDataString(tokens.Create(LinkPurpose.Unsubscribe, digest.SubscriberId));
        var preferencesToken = Uri.EscapeDataString(tokens.Create(LinkPurpose.Preferences, digest.SubscriberId));
        var preferencesUrl = preferencesLink + preferencesToken;
        var papers = digest.Papers.Select(paper => Views.GetValue(paper, ToView)).ToList();
        var sections = Sections(papers);
        var subject = Subject(
            papers.Count, papers.SelectMany(p => p.MatchedTopics).Distinct(StringComparer.Ordinal).ToList(), trending: papers.Any(p => p.Trending), similar: papers.Any(p => p.Similar));
        var view = new DigestView(
            digest.Email,
            DigestDate.TryParse(digest.DigestDate, out var date) ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : digest.DigestDate,
            subject,
            string.Join(" · ", papers.Take(3).Select(p => p.Title)),
            papers.Count,
            sections,
            unsubscribeUrl,
            preferencesUrl,
            app.Value.Link(FormattableString.Invariant($"digests/{digest.Id}?token={preferencesToken}")),
            app.Value.Link(DigestFeed.PathFor(tokens, digest.SubscriberId)))
        {
            // The paper's id goes last: the template appends it. Ids need no escaping in a query (digits, letters, '.', '-', '/').
            MoreUrl = $"{feedbackLink}{preferencesToken}&vote=more&paper=",
            LessUrl = $"{feedbackLink}{preferencesToken}&vote=less&paper=",
        };

        var text = await templates.RenderPartAsync("email/digest.txt.liquid", view, TextFormat.Plain);
        var html = await templates.RenderPartAsync("email/digest.html.liquid", view, TextFormat.Html);
        return messages.CreateDigest(digest.Email, subject, text, html, unsubscribeUrl);
    }

    internal static string Subject(int count, IReadOnlyList<string> topics, bool trending = false, bool similar = false)
    {
        if (similar && !trending && topics.Count == 0)
        {
            return count == 1 ? "1 new paper like those you liked" : $"{count} new papers like those you liked";
        }

        if (trending && topics.Count == 0)
        {
            return count == 1 ? "1 trending paper" : $"{count} trending papers";
        }

        var papers = count == 1 ? "1 new paper" : $"{count} new papers";
        var names = trending ? ["trending", .. topics] : topics;
        var named = string.Join(", ", names.Take(3));
        var more = names.Count > 3 ? $" and {names.Count - 3} more" : "";
        return trending ? $"{papers}: {named}{more}" : $"{papers} on {named}{more}";
    }

    /// <summary>
    /// The trending papers first, in vote order; then each paper under the first topic it matched, the topics in the
    /// order their best paper ranks; then the papers similar to those the reader liked.
    /// </summary>
    static List<DigestSection> Sections(List<DigestPaperView> papers)
    {
        var sections = new List<(string Title, List<DigestPaperView> Papers)>();
        foreach (var paper in papers)
        {
            var title = paper.Trending ? TrendingTitle : paper.Similar ? SimilarTitle : paper.MatchedTopics.Count > 0 ? paper.MatchedTopics[0] : "";
            var index = sections.FindIndex(s => s.Title == title);
            if (index < 0)
            {
                sections.Add((title, [paper]));
            }
            else
            {
                sections[index].Papers.Add(paper);
            }
        }

        return [.. sections.Select(s => new DigestSection(s.Title, s.Papers))];
    }

    const string TrendingTitle = "Trending";
    const string SimilarTitle = "Similar to papers you liked";

    static DigestPaperView ToView(DigestPaper paper)
    {
        var excerpt = paper.HighlightedExcerpt ?? PaperText.Excerpt(paper.Abstract);
        var labels = paper.MatchedTopics;
        return new DigestPaperView(
            paper.ArxivId,
            PaperText.Title(paper.Title),
            PaperLinks.Page(paper.ArxivId, paper.OnHuggingFace),
            PaperText.Authors(paper.Authors, AuthorsShown),
            paper.PublishedAt?.ToString("d MMM yyyy", CultureInfo.InvariantCulture),
            PaperText.Plain(excerpt),
            PaperText.HighlightedHtml(excerpt),
            paper.Upvotes,
            [.. labels.Where(l => l is not DigestItem.TrendingLabel and not DigestItem.SimilarLabel).Select(TopicLabel.Readable)],
            PaperLinks.Pdf(paper.ArxivId),
            paper.GithubRepo,
            paper.ProjectPage,
            labels.Contains(DigestItem.TrendingLabel),
            labels.Contains(DigestItem.SimilarLabel));
    }
}
