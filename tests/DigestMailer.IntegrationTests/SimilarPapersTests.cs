using DigestMailer.IntegrationTests.Infrastructure;
using MimeKit;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Embeddings after ingest, a reader's profile from their likes and feedback, and the digest's "Similar to papers you
/// liked" section, through the real host with the packaged model. Likes and votes are written to their tables
/// directly: the pages that record them belong to another change.
/// </summary>
public sealed class SimilarPapersTests : AppTest
{
    static readonly TimeSpan ModelTime = TimeSpan.FromSeconds(90);

    internal static readonly PaperBuilder Liked = PaperBuilder.Titled("Denoising Diffusion Probabilistic Models").WithId("2006.11239").WithAbstract(
        "High quality image synthesis with diffusion probabilistic models trained on a weighted variational bound, connected to denoising score matching.");

    internal static readonly PaperBuilder Close = PaperBuilder.Titled("Denoising Diffusion Implicit Models").WithId("2010.02502").WithAbstract(
        "Non-Markovian diffusion processes with the same training objective sample high quality images 10 to 50 times faster.");

    internal static readonly PaperBuilder Topical = PaperBuilder.Titled("Outlier-Free 4-Bit Quantization of Language Models").WithId("2512.90001").WithAbstract(
        "Post-training quantization of large language models with randomized Hadamard rotations.");

    static readonly PaperBuilder Unrelated = PaperBuilder.Titled("Dissolved Gas Analysis for Power Grids").WithId("2512.90002").WithAbstract(
        "Fault diagnosis of oil-filled equipment from the gases dissolved in its insulating oil.");

    public override async ValueTask InitializeAsync() => App = await DigestMailerApp.StartAsync(EmbeddingsOn);

    [Fact]
    public async Task IngestedPapersGetTheirEmbeddingsFromABackgroundJob()
    {
        var ingested = await App.IngestAsync(Liked, Close);

        Assert.Equal(2, ingested.GetProperty("inserted").GetInt32());
        await WaitForEmbeddingsAsync(App, 2);
        var stored = await App.QuerySqlAsync<(string Model, byte[] Vector)>("SELECT model, vector FROM paper_embeddings");
        Assert.All(stored, row => Assert.Equal(("all-MiniLM-L6-v2", 384 * 4), (row.Model, row.Vector.Length)));
    }

    [Fact]
    public async Task APaperCloseToLikedPapersComesInItsOwnSectionWithoutAWordMatch()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Liked, Close, Topical, Unrelated);
        await LikeAsync(App, "ada@example.org", Liked.ArxivId);
        await WaitForEmbeddingsAsync(App, 4);

        await App.RunDigestAsync("2026-11-25");

        var digest = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2));
        Assert.Equal("2 new papers on quantization", digest.Subject);
        var text = digest.TextBody!;
        var topic = text.IndexOf("== quantization (1) ==", StringComparison.Ordinal);
        var similar = text.IndexOf("== Similar to papers you liked (1) ==", StringComparison.Ordinal);
        Assert.True(topic >= 0 && similar > topic, text);
        Assert.Contains(Close.Title, text[similar..], StringComparison.Ordinal);
        Assert.DoesNotContain(Liked.Title, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Unrelated.Title, text, StringComparison.Ordinal);
        Assert.Contains(">Similar to papers you liked <span", digest.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderWhoOnlyLikesPapersGetsTheSimilarOnesAndNothingElse()
    {
        await App.SubscribeAsync(new Signup("ada@example.org", []) { Likes = [Liked.ArxivId] });
        await App.IngestAsync(Liked, Close, Unrelated);
        await WaitForEmbeddingsAsync(App, 3);

        await App.RunDigestAsync("2026-11-25");

        var text = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2)).TextBody!;
        Assert.Contains("== Similar to papers you liked (1) ==", text, StringComparison.Ordinal);
        Assert.Contains(Close.Title, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Liked.Title, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Unrelated.Title, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMoreLikeThisVoteMakesAProfileAsALikeDoes()
    {
        await App.SubscribeAsync("ada@example.org", "quantization");
        await App.IngestAsync(Liked, Close, Topical);
        var voted = (await App.QuerySqlAsync<long>("SELECT id FROM papers WHERE arxiv_id = @ArxivId", new { Liked.ArxivId }))[0];
        await App.ExecuteSqlAsync(
            "INSERT INTO paper_feedback (subscriber_id, paper_id, vote, created_at) VALUES (@subscriber, @voted, 1, 0)",
            new { subscriber = await App.SubscriberIdAsync("ada@example.org"), voted });
        await WaitForEmbeddingsAsync(App, 3);

        await App.RunDigestAsync("2026-11-25");

        var text = Digest(await App.Inbox.WaitForAsync("ada@example.org", 2)).TextBody!;
        Assert.Contains("== Similar to papers you liked (1) ==", text, StringComparison.Ordinal);
        Assert.Contains(Close.Title, text, StringComparison.Ordinal);
    }

    internal static readonly Dictionary<string, string?> EmbeddingsOn = new() { ["Relevance:EmbedAfterIngest"] = "true" };

    internal static async Task LikeAsync(DigestMailerApp app, string email, string arxivId) => await app.ExecuteSqlAsync(
        "INSERT INTO subscriber_likes (subscriber_id, arxiv_id, created_at) VALUES (@subscriber, @arxivId, 0)",
        new { subscriber = await app.SubscriberIdAsync(email), arxivId });

    internal static Task WaitForEmbeddingsAsync(DigestMailerApp app, int count) => Eventually.HoldsAsync(
        async () => (await app.QuerySqlAsync<long>("SELECT COUNT(*) FROM paper_embeddings"))[0] == count, $"{count} papers have embeddings", ModelTime);

    internal static async Task<string> ItemsAsync(DigestMailerApp app, string email) => (await app.QuerySqlAsync<string>(
        "SELECT d.items FROM digests d JOIN subscribers s ON s.id = d.subscriber_id WHERE s.email = @email", new { email }))[0];

    static MimeMessage Digest(IReadOnlyList<MimeMessage> mails) => mails.Last(m => m.Headers.Contains(HeaderId.ListUnsubscribe));
}
