using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using DigestMailer.Email;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.Options;
using MimeKit;

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

/// <summary>Renders one digest (templates/email/digest.*) into a message with the list-unsubscribe headers.</summary>
public sealed class DigestMail(TemplateLibrary templates, MessageFactory messages, LinkTokens tokens, IOptions<AppOptions> app)
{
    const int ExcerptLength = 320;
    const int AuthorsShown = 5;

    public async Task<MimeMessage> BuildAsync(DigestToSend digest)
    {
        var unsubscribeUrl = app.Value.Link("unsubscribe?token=" + Uri.EscapeDataString(tokens.Create(LinkPurpose.Unsubscribe, digest.SubscriberId)));
        var preferencesToken = Uri.EscapeDataString(tokens.Create(LinkPurpose.Preferences, digest.SubscriberId));
        var preferencesUrl = app.Value.Link("preferences?token=" + preferencesToken);
        var papers = digest.Papers.Select(ToView).ToList();
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

        var html = await templates.RenderHtmlAsync("email/digest.html.liquid", view);
        var text = await templates.RenderTextAsync("email/digest.txt.liquid", view);
        var message = messages.Create(digest.Email, subject, text, html);
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that POSTs to this URL without a page.
        message.Headers.Add("List-Unsubscribe", $"<{unsubscribeUrl}>");
        message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        message.Headers.Add("List-Id", $"DigestMailer digest <digest.{app.Value.BaseUri.Host}>");
        return message;
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
        var html = new StringBuilder(excerpt.Length + 64);
        var marked = false;
        foreach (var part in excerpt.Split(MarkStart, MarkEnd))
        {
            html.Append(marked ? "<mark class=\"dm-mark\" style=\"background:#fde68a;color:#111827;\">" : "")
                .Append(Html.Encode(part))
                .Append(marked ? "</mark>" : "");
            marked = !marked;
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
