using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Learned relevance leaves readers without likes or feedback alone. Two hosts one after the other (Hangfire keeps one
/// storage per process, so they never overlap): before profiles existed, and with embeddings and another reader's likes.
/// </summary>
public sealed class ProfileFreeRankingTests
{
    [Fact]
    public async Task AReaderWithoutLikesOrFeedbackGetsTheDigestTheyGotBeforeProfilesExisted()
    {
        PaperBuilder[] papers =
        [
            SimilarPapersTests.Liked, SimilarPapersTests.Close, SimilarPapersTests.Topical,
            PaperBuilder.Titled("Quantization of Diffusion Models").WithAbstract("Low-bit quantization of diffusion model weights for image synthesis."),
            PaperBuilder.Titled("Vector Quantization for Retrieval").WithAbstract("Product quantization of embeddings for nearest neighbour search."),
            PaperBuilder.Titled("Second Quantization in Physics").WithAbstract("Quantization of fields, a primer."),
        ];
        // Before: no embeddings, nobody with a profile.
        string before;
        await using (var plain = await DigestMailerApp.StartAsync())
        {
            await plain.SubscribeAsync("ada@example.org", "quantization");
            await plain.IngestAsync(papers);
            await plain.PlanWithoutSendingAsync("2026-11-25");
            before = await SimilarPapersTests.ItemsAsync(plain, "ada@example.org");
        }

        // Now: every paper embedded, and another reader of the same topic whose likes reorder their own digest.
        await using var app = await DigestMailerApp.StartAsync(SimilarPapersTests.EmbeddingsOn);
        await app.SubscribeAsync("ada@example.org", "quantization");
        await app.SubscribeAsync("bob@example.org", "quantization");
        await app.IngestAsync(papers);
        await SimilarPapersTests.LikeAsync(app, "bob@example.org", SimilarPapersTests.Liked.ArxivId);
        await SimilarPapersTests.WaitForEmbeddingsAsync(app, papers.Length);
        await app.PlanWithoutSendingAsync("2026-11-25");

        Assert.Equal(before, await SimilarPapersTests.ItemsAsync(app, "ada@example.org"));
        Assert.NotEqual(before, await SimilarPapersTests.ItemsAsync(app, "bob@example.org"));
    }
}
