using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class ArxivIdTests
{
    [Theory]
    [InlineData("2509.04664", "2509.04664")]
    [InlineData("2509.04664v2", "2509.04664")]
    [InlineData("arXiv:2509.04664v13", "2509.04664")]
    [InlineData("0704.0001", "0704.0001")]
    [InlineData("hep-th/9901001v1", "hep-th/9901001")]
    [InlineData("math.OC/0501001", "math.OC/0501001")]
    public void TryNormalize_DropsTheVersion(string input, string expected)
    {
        Assert.True(ArxivId.TryNormalize(input, out var id));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not an id")]
    [InlineData("2509.04664; DROP TABLE papers")]
    [InlineData("https://arxiv.org/abs/2509.04664")]
    [InlineData("２５０９.０４６６４")]
    [InlineData("hep-th/٩٩٠١٠٠١")]
    public void TryNormalize_Rejects_WhatIsNotAnArxivId(string? input)
    {
        Assert.False(ArxivId.TryNormalize(input, out _));
    }
}
