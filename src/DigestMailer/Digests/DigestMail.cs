using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DigestMailer.Email;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace DigestMailer.Digests;

public sealed record DigestPaperView(
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
    string? ProjectUrl);

public sealed record DigestView(
    string Email,
    string Date,
    string Subject,
    string Preheader,
    int PaperCount,
    IReadOnlyList<string> Topics,
    IReadOnlyList<DigestPaperView> Papers,
    string UnsubscribeUrl,
    string PreferencesUrl,
    string ViewUrl);

/// <summary>Renders one digest (templates/email/digest.*) into a message.</summary>
public sealed class DigestMail(TemplateLibrary templates, MessageFactory messages, LinkTokens tokens, IOptions<AppOptions> app)
{
    const int ExcerptLength = 320;
    const int AuthorsShown = 5;

    // The same for every digest; made once rather than parsing URIs for each of them. A token (letters, digits,
    // '.', '-', '_') reads the same escaped or not, so appending it gives what Link() gives for the whole string.
    readonly string unsubscribeLink = app.Value.Link("unsubscribe?token=");
    readonly string preferencesLink = app.Value.Link("preferences?token=");

    // A paper's view depends on nothing but the paper as the digest shows it, and the ledger hands out one instance
    // per paper, matched topics and excerpt for a whole batch; the view lives as long as that instance does.
    static readonly ConditionalWeakTable<DigestPaper, DigestPaperView> Views = [];

    public async Task<MimeMessage> BuildAsync(DigestToSend digest)
    {
        var unsubscribeUrl = unsubscribeLink + Uri.EscapeDataString(tokens.Create(LinkPurpose.Unsubscribe, digest.SubscriberId));
        var preferencesToken = Uri.EscapeDataString(tokens.Create(LinkPurpose.Preferences, digest.SubscriberId));
        var preferencesUrl = preferencesLink + preferencesToken;
        var papers = digest.Papers.Select(paper => Views.GetValue(paper, ToView)).ToList();
        var topics = papers.SelectMany(p => p.MatchedTopics).Distinct(StringComparer.Ordinal).ToList();
        var subject = Subject(papers.Count, topics);
        var view = new DigestView(
            digest.Email,
            DigestDate.TryParse(digest.DigestDate, out var date) ? date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : digest.DigestDate,
            subject,
            string.Join(" · ", papers.Take(3).Select(p => p.Title)),
            papers.Count,
            topics,
            papers,
            unsubscribeUrl,
            preferencesUrl,
            app.Value.Link(FormattableString.Invariant($"digests/{digest.Id}?token={preferencesToken}")));

        var text = await templates.RenderPartAsync("email/digest.txt.liquid", view, TextFormat.Plain);
        var html = await templates.RenderPartAsync("email/digest.html.liquid", view, TextFormat.Html);
        return messages.CreateDigest(digest.Email, subject, text, html, unsubscribeUrl);
    }

    internal static string Subject(int count, IReadOnlyList<string> topics)
    {
        var papers = count == 1 ? "1 new paper" : $"{count} new papers";
        var named = string.Join(", ", topics.Take(3));
        var more = topics.Count > 3 ? $" and {topics.Count - 3} more" : "";
        return $"{papers} on {named}{more}";
    }

    static DigestPaperView ToView(DigestPaper paper)
    {
        var excerpt = paper.HighlightedExcerpt ?? Excerpt(paper.Abstract);
        var authors = paper.Authors.Split(PaperStore.ListSeparator, StringSplitOptions.RemoveEmptyEntries);
        var shownAuthors = authors.Length > AuthorsShown
            ? string.Join(", ", authors.Take(AuthorsShown)) + $" and {authors.Length - AuthorsShown} more"
            : string.Join(", ", authors);
        return new DigestPaperView(
            paper.Title,
            PaperLinks.Page(paper.ArxivId, paper.OnHuggingFace),
            shownAuthors,
            paper.PublishedAt is { } published
                ? DateTimeOffset.FromUnixTimeMilliseconds(published).ToString("d MMM yyyy", CultureInfo.InvariantCulture)
                : null,
            Plain(excerpt),
            HighlightedHtml(excerpt),
            paper.Upvotes,
            paper.MatchedTopics.Split('\n', StringSplitOptions.RemoveEmptyEntries),
            PaperLinks.Pdf(paper.ArxivId),
            paper.GithubRepo,
            paper.ProjectPage);
    }

    const char MarkStart = '\u0002';
    const char MarkEnd = '\u0003';
    static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    internal static string Plain(string excerpt) => excerpt.Replace(MarkStart.ToString(), "", StringComparison.Ordinal).Replace(MarkEnd.ToString(), "", StringComparison.Ordinal);

    /// <summary>The excerpt HTML-encoded, with the words that matched the topic in &lt;mark&gt;; the only markup in it is ours.</summary>
    internal static string HighlightedHtml(string excerpt)
    {
        // Each piece between marks is encoded straight into one buffer, without a substring and an encoded copy of it.
        using var html = new StringWriter(new StringBuilder(excerpt.Length + 128), CultureInfo.InvariantCulture);
        var marked = false;
        for (var start = 0; start <= excerpt.Length; marked = !marked)
        {
            var length = excerpt.AsSpan(start).IndexOfAny(MarkStart, MarkEnd) is var end and >= 0 ? end : excerpt.Length - start;
            html.Write(marked ? "<mark class=\"dm-mark\" style=\"background:#fde68a;color:#111827;\">" : "");
            Html.Encode(html, excerpt, start, length);
            html.Write(marked ? "</mark>" : "");
            start += length + 1;
        }

        return html.ToString();
    }

    internal static string Excerpt(string text)
    {
        if (text.Length <= ExcerptLength)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', ExcerptLength);
        return text[..(cut > ExcerptLength / 2 ? cut : ExcerptLength)].TrimEnd(',', ';', ':', '.') + " …";
    }
}
