using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

public sealed class DigestDeliveryTests : AppTest
{
    static PaperBuilder Quantization => PaperBuilder.Titled("Low-Bit Quantization of Large Language Models")
        .WithAbstract("We study post-training quantization of transformer weights to four bits and show that accuracy is preserved.")
        .WithUpvotes(40);

    static PaperBuilder QuantumComputing => PaperBuilder.Titled("Error Mitigation on Noisy Quantum Computers")
        .WithAbstract("Quantum computing hardware is noisy; we propose a mitigation scheme for superconducting qubits.")
        .WithUpvotes(90);

    [Fact]
    public async Task TheRightPapersReachTheRightSubscriber()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.SubscribeAsync("bob@example.org", "quantum computing");
        await App.IngestAsync(Quantization, QuantumComputing);

        var run = await App.RunDigestAsync("2026-11-25");

        Assert.Equal(new RunStatus(run.RunId, "2026-11-25", "completed", 2, 2, 0, 0), run);
        var ada = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        var bob = Digest(await App.Inbox.WaitForAsync("bob@example.org", 2));
        Assert.Contains("Low-Bit Quantization", ada.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Quantum Computers", ada.TextBody, StringComparison.Ordinal);
        Assert.Contains("Quantum Computers", bob.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Low-Bit Quantization", bob.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestIsAWellFormedMailWithOneClickUnsubscribe()
    {
        var paper = Quantization;
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(paper);

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Equal("1 new paper on quantization", digest.Subject);
        Assert.IsType<MultipartAlternative>(digest.Body);
        Assert.False(string.IsNullOrEmpty(digest.MessageId));
        Assert.NotEqual(default, digest.Date);
        var listUnsubscribe = digest.Headers[HeaderId.ListUnsubscribe];
        Assert.Matches("^<http://localhost/unsubscribe\\?token=[^>]+>$", listUnsubscribe);
        Assert.Equal("List-Unsubscribe=One-Click", digest.Headers["List-Unsubscribe-Post"]);
        Assert.StartsWith("http://localhost/unsubscribe?token=", AppScenarios.LinkIn(digest, "/unsubscribe"), StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/preferences?token=", AppScenarios.LinkIn(digest, "/preferences"), StringComparison.Ordinal);
        Assert.Contains("Ada Author", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("40 upvotes", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("matched: quantization", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://huggingface.co/papers/{paper.ArxivId}", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningTheSameDateTwiceSendsNothingNew()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Quantization);
        await App.RunDigestAsync("2026-11-25");
        await App.IngestAsync(PaperBuilder.Titled("Quantization-Aware Training Revisited"));

        var second = await App.RunDigestAsync("2026-11-25");

        Assert.Equal(("completed", 0, 0), (second.Status, second.Planned, second.Sent));
        await App.WaitUntilNothingIsLeftToSendAsync();
        Assert.Equal(2, App.Inbox.To("ada@example.org").Count);
    }

    [Fact]
    public async Task TheNextDaySendsOnlyPapersIngestedSince()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Quantization);
        await App.RunDigestAsync("2026-11-25");
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.IngestAsync(PaperBuilder.Titled("Quantization-Aware Training Revisited"));

        await App.RunDigestAsync("2026-11-26");

        var next = (await App.Inbox.WaitForAsync("ada@example.org", 3))[2];
        Assert.Contains("Quantization-Aware Training Revisited", next.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Low-Bit Quantization", next.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUpdatedPaperIsNotSentAgain()
    {
        var paper = Quantization;
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(paper);
        await App.RunDigestAsync("2026-11-25");
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.IngestAsync(paper.WithUpvotes(400));

        var next = await App.RunDigestAsync("2026-11-26");

        Assert.Equal((1, 0, 1), (next.Planned, next.Sent, next.Skipped));
    }

    [Fact]
    public async Task NothingMatchedMeansNoMailAndASkippedDigest()
    {
        await App.SubscribeAsync("ada@example.org", "spiking neural networks");
        await App.IngestAsync(Quantization);

        var run = await App.RunDigestAsync("2026-11-25");

        Assert.Equal((1, 0, 1), (run.Planned, run.Sent, run.Skipped));
        Assert.Single(App.Inbox.To("ada@example.org"));
    }

    [Fact]
    public async Task AFirstDigestLooksBackOnlyADayIntoWhatWasIngested()
    {
        await App.IngestAsync(PaperBuilder.Titled("Old Quantization Results"));
        App.Clock.Advance(TimeSpan.FromHours(30));
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Quantization);

        await App.RunDigestAsync("2026-11-26");

        var digest = (await App.Inbox.WaitForAsync("ada@example.org", 2))[1];
        Assert.DoesNotContain("Old Quantization Results", digest.TextBody, StringComparison.Ordinal);
        Assert.Contains("Low-Bit Quantization", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PapersAreGroupedUnderTheTopicTheyMatched()
    {
        await App.SubscribeAsync("ada@example.org", "quantization", "spiking neural networks");
        await App.IngestAsync(
            PaperBuilder.Titled("Spiking Neural Networks on Chips"),
            PaperBuilder.Titled("Low-Bit Quantization"),
            PaperBuilder.Titled("Quantization of Spiking Neural Networks"));

        await App.RunDigestAsync("2026-11-25");

        var text = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2)).TextBody!;
        var quantization = text.IndexOf("== quantization (2) ==", StringComparison.Ordinal);
        var spiking = text.IndexOf("== spiking neural networks (1) ==", StringComparison.Ordinal);
        Assert.True(quantization >= 0 && spiking >= 0, text);
        Assert.InRange(text.IndexOf("* Low-Bit Quantization", StringComparison.Ordinal), quantization, int.MaxValue);
        Assert.InRange(text.IndexOf("* Spiking Neural Networks on Chips", StringComparison.Ordinal), spiking, int.MaxValue);
        Assert.Contains("matched: quantization, spiking neural networks", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestHoldsAtMostMaxPapersRankedByRelevanceAndUpvotes()
    {
        await using var small = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Digest:MaxPapers"] = "2" });
        await small.SubscribeAsync("ada@example.org", "quantization");
        await small.IngestAsync(
            PaperBuilder.Titled("Quantization One").WithUpvotes(1),
            PaperBuilder.Titled("Quantization Two").WithUpvotes(500),
            PaperBuilder.Titled("Quantization Three").WithUpvotes(50));

        await small.RunDigestAsync("2026-11-25");

        var text = Digest(await small.Inbox.WaitForAsync("ada@example.org", 2)).TextBody;
        Assert.True(
            text!.IndexOf("* Quantization Two", StringComparison.Ordinal) is var two and >= 0
            && text.IndexOf("* Quantization Three", StringComparison.Ordinal) > two,
            text);
        Assert.DoesNotContain("Quantization One", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostileTitleReachesTheHtmlMailEscaped()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Quantization <img src=x onerror=alert(1)>")
            .WithAbstract("<script>alert('quantization')</script> results"));

        await App.RunDigestAsync("2026-11-25");

        var html = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2)).HtmlBody;
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheExcerptHighlightsTheWordsThatMatchedTheTopic()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(PaperBuilder.Titled("Compressing Language Models")
            .WithAbstract("We compress models. Our quantized weights & activations keep accuracy <1% off."));

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Contains("<mark class=\"dm-mark\" style=\"background:#fde68a;color:#111827;\">quantized</mark> weights &amp; activations keep accuracy &lt;1% off", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Our quantized weights & activations keep accuracy <1% off.", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADigestOfTwentyPapersStaysUnderGmailsClippingSizeWithNoStylesheet()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        var abstractText = string.Join(' ', Enumerable.Repeat("We study post-training quantization of transformer weights and activations at scale.", 12));
        await App.IngestAsync(Enumerable.Range(1, 25)
            .Select(i => PaperBuilder.Titled($"Quantization Study {i}: A Long Title About Low-Bit Inference of Large Language Models")
                .WithAbstract(abstractText)
                .WithAuthors("Ana María Ruiz-Gómez", "Jonas Ø. Berg", "Mei Lin", "R. Okafor", "K. Tanaka", "Zoë Müller")
                .WithUpvotes(i))
            .ToArray());

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.StartsWith("20 new papers", digest.Subject, StringComparison.Ordinal);
        var htmlBytes = System.Text.Encoding.UTF8.GetByteCount(digest.HtmlBody ?? "");
        Assert.True(htmlBytes is > 10_000 and < 100_000, $"HTML part is {htmlBytes} bytes");
        // The one <style> block holds dark-mode colours only; the layout is all inline.
        var styles = System.Text.RegularExpressions.Regex.Matches(digest.HtmlBody!, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var css = string.Concat(styles.Select(style => style.Groups[1].Value));
        css = System.Text.RegularExpressions.Regex.Replace(css, @"/\*.*?\*/|@media\s*\([^)]*\)", "", System.Text.RegularExpressions.RegexOptions.Singleline);
        var properties = System.Text.RegularExpressions.Regex.Matches(css, @"([a-z-]+)\s*:").Select(m => m.Groups[1].Value).Distinct();
        Assert.All(properties, property => Assert.Contains(property, new[] { "background", "color" }));
        Assert.Contains("prefers-color-scheme: dark", digest.HtmlBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", digest.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<script", digest.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("max-width:600px", digest.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("and 1 more", digest.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnsubscribedAddressGetsNoDigest()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Quantization);
        await App.RunDigestAsync("2026-11-25");
        var unsubscribe = AppScenarios.LinkIn(Digest(App.Inbox.To("ada@example.org")), "/unsubscribe");

        var oneClick = await App.CreateClient().PostAsync(
            AppScenarios.PathAndQuery(unsubscribe),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["List-Unsubscribe"] = "One-Click" }));
        App.Clock.Advance(TimeSpan.FromDays(1));
        await App.IngestAsync(PaperBuilder.Titled("Quantization-Aware Training Revisited"));
        var next = await App.RunDigestAsync("2026-11-26");

        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        Assert.Equal(0, next.Planned);
        Assert.Equal(2, App.Inbox.To("ada@example.org").Count);
        Assert.Equal("unsubscribed", (await App.SubscriberAsync("ada@example.org")).Status);
    }

    [Fact]
    public async Task ARecipientTheRelayRefusesIsMarkedFailedAndBounced()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.SubscribeAsync("bob@example.org", "quantization");
        await App.IngestAsync(Quantization);
        App.Inbox.Refuse("ada@example.org");

        var run = await App.RunDigestAsync("2026-11-25");

        Assert.Equal((2, 1, 1), (run.Planned, run.Sent, run.Failed));
        Assert.Equal("bounced", (await App.SubscriberAsync("ada@example.org")).Status);
        Assert.Equal("active", (await App.SubscriberAsync("bob@example.org")).Status);
    }

    static MimeMessage Digest(IReadOnlyList<MimeMessage> mails) => mails.Last(m => m.Headers.Contains(HeaderId.ListUnsubscribe));
}
