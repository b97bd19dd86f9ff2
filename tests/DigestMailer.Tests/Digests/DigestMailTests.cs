using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class DigestMailTests
{
    [Theory]
    [InlineData(1, new[] { "quantization" }, "1 new paper on quantization")]
    [InlineData(7, new[] { "quantization", "spiking neural networks" }, "7 new papers on quantization, spiking neural networks")]
    [InlineData(9, new[] { "a", "b", "c", "d", "e" }, "9 new papers on a, b, c and 2 more")]
    public void Subject_SaysHowManyPapersOnWhichTopics(int count, string[] topics, string expected)
    {
        Assert.Equal(expected, DigestMail.Subject(count, topics));
    }
}
