using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class MathTextTests
{
    [Theory]
    [InlineData(@"A $\Omega(n^{k/2})$ lower bound", "A Ω(n^(k/2)) lower bound")]
    [InlineData(@"runs in $\mathcal{O}(n \log n)$ time", "runs in O(n log n) time")]
    [InlineData(@"with $\alpha$ and $\beta_1$", "with α and β₁")]
    [InlineData(@"$x^2 + y^{10}$", "x² + y¹⁰")]
    [InlineData(@"$\frac{1}{2}$ and $\frac{a+b}{c}$", "1/2 and (a+b)/c")]
    [InlineData(@"over $\mathbb{R}^d$", "over ℝ^d")]
    [InlineData(@"$\epsilon \leq 10^{-3}$", "ε ≤ 10⁻³")]
    [InlineData(@"$\sqrt{n}$ regret", "√n regret")]
    [InlineData(@"a $W_{\text{out}}$ matrix", "a W_(out) matrix")]
    [InlineData(@"$$\|x\|_2 \to 0$$", "‖x‖₂ → 0")]
    public void Readable_WritesSimpleMathAsText(string tex, string expected)
    {
        Assert.Equal(expected, MathText.Readable(tex));
    }

    [Theory]
    [InlineData("No math here.")]
    [InlineData("It costs $5 to run.")]
    [InlineData(@"Escaped \$ signs stay.")]
    public void Readable_LeavesTextWithoutFormulasAsItIs(string text)
    {
        Assert.Equal(text, MathText.Readable(text));
    }

    [Fact]
    public void Readable_FinishesAFormulaAnExcerptCutShort()
    {
        Assert.Equal("bounded by O(n² …", MathText.Readable(@"bounded by $\mathcal{O}(n^2 …"));
    }

    [Fact]
    public void Readable_KeepsHighlightMarksInsideAFormula()
    {
        Assert.Equal("\u0002ε\u0003-greedy", MathText.Readable("\u0002$\\epsilon$\u0003-greedy"));
    }
}
