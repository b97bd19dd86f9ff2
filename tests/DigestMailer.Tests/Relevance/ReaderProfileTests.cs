using DigestMailer.Relevance;

namespace DigestMailer.Tests.Relevance;

public sealed class ReaderProfileTests
{
    [Fact]
    public void From_IsTheNormalisedMeanOfLikedMinusHalfTheMeanOfDisliked()
    {
        var profile = ReaderProfile.From(
            new Dictionary<long, float[]> { [1] = [1f, 0f], [2] = [0f, 1f] },
            new Dictionary<long, float[]> { [3] = [0f, 1f] })!;

        // (0.5, 0.5) − 0.5 × (0, 1) = (0.5, 0): along the first axis.
        Assert.Equal([1f, 0f], profile.Vector);
        Assert.True(profile.Liked);
        Assert.Equal([1L, 2L, 3L], profile.Known.Order());
    }

    [Fact]
    public void From_PointsAwayFromDislikes_WhenThereAreNoLikes()
    {
        var profile = ReaderProfile.From(new Dictionary<long, float[]>(), new Dictionary<long, float[]> { [3] = [0f, 1f] })!;

        Assert.Equal([0f, -1f], profile.Vector);
        Assert.False(profile.Liked);
    }

    [Fact]
    public void From_IsNull_WithoutLikesOrDislikes()
    {
        Assert.Null(ReaderProfile.From(new Dictionary<long, float[]>(), new Dictionary<long, float[]>()));
    }

    [Fact]
    public void Vectors_RoundTripAsLittleEndianFloat32()
    {
        float[] vector = [0.25f, -1.5f, 3f];

        var bytes = Vectors.ToBytes(vector);

        Assert.Equal([0, 0, 0x80, 0x3E], bytes[..4]);
        Assert.Equal(vector, Vectors.FromBytes(bytes));
    }

    [Fact]
    public void EmbeddingModel_GivesCloseVectorsToPapersOnTheSameQuestion()
    {
        var vectors = ProfileSet.Model.Embed(
            [
                EmbeddingModel.PaperText("Post-training quantization of large language models", "We quantize LLM weights to 4 bits."),
                EmbeddingModel.PaperText("Low-bit weight quantization for LLM inference", "Weights of language models stored in 3 and 4 bits."),
                EmbeddingModel.PaperText("Diffusion MRI of the human brain", "Water diffusion in white matter reveals fibre tracts."),
            ],
            CancellationToken.None);

        Assert.All(vectors, v => Assert.Equal(EmbeddingModel.Dimensions, v.Length));
        Assert.True(Vectors.Dot(vectors[0], vectors[1]) > Vectors.Dot(vectors[0], vectors[2]) + 0.3f);
    }

    [Fact]
    public void PaperText_CutsAVeryLongAbstractAtAWord()
    {
        var text = EmbeddingModel.PaperText("Title", string.Join(' ', Enumerable.Repeat("word", 1000)));

        Assert.True(text.Length <= 2000);
        Assert.EndsWith("word", text, StringComparison.Ordinal);
    }
}
