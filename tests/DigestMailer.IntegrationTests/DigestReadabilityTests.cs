using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>What a reader sees of topics, phrases and math in a digest, through the real host and SMTP.</summary>
public sealed class DigestReadabilityTests : AppTest
{
    static PaperBuilder Bound => PaperBuilder.Titled(@"A $\Omega(n^{k/2})$ Lower Bound for Low-Bit Quantization")
        .WithAbstract(@"We prove that low-bit quantization of $\alpha$-sparse networks needs $\mathcal{O}(n^2)$ steps.")
        .WithAuthors("Mei Lin", "Ada Author")
        .WithUpvotes(3);

    [Fact]
    public async Task TopicsAreNamedAsAPersonReadsThemInTheSubjectAndHeadings()
    {
        await App.SubscribeAsync("ada@example.org", "author:\"Mei Lin\"", "\"low-bit quantization\"");
        await App.IngestAsync(Bound);

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Equal("1 new paper on papers by Mei Lin, low-bit quantization", digest.Subject);
        Assert.Contains("== papers by Mei Lin (1) ==", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("author:", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("author:", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTextPartStartsWithOneHeadingBlock()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Bound);

        await App.RunDigestAsync("2026-11-25");

        var text = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2)).TextBody!;
        var beforeFirstSection = text[..text.IndexOf("==", StringComparison.Ordinal)];
        Assert.Equal(["DigestMailer · 25 November 2026"], beforeFirstSection.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(1, Occurrences(text, "quantization (1)"));
    }

    [Fact]
    public async Task AMatchedPhraseIsOneHighlightAndMathIsReadableText()
    {
        await App.SubscribeAsync("ada@example.org", "\"low-bit quantization\"");
        await App.IngestAsync(Bound);

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Matches(@"<mark[^>]*>low-bit quantization</mark>", digest.HtmlBody);
        Assert.Contains("A Ω(n^(k/2)) Lower Bound", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("α-sparse networks needs O(n²) steps", digest.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("$", digest.HtmlBody, StringComparison.Ordinal);
    }

    static int Occurrences(string text, string part) => text.Split(part).Length - 1;

    static MimeMessage Digest(IReadOnlyList<MimeMessage> mails) => mails.Last(m => m.Headers.Contains(HeaderId.ListUnsubscribe));
}
