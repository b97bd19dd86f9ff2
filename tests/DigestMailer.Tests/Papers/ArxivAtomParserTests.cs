using DigestMailer.Papers.Sources;

namespace DigestMailer.Tests.Papers;

public sealed class ArxivAtomParserTests
{
    static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    [Fact]
    public void Parse_ReadsTheCurrentApiFormat()
    {
        var page = ArxivAtomParser.Parse(Sample("arxiv_query.atom"));

        Assert.Equal((1846, 0), (page.TotalResults, page.StartIndex));
        Assert.Equal(["2509.99901", "2509.99902", "2509.99903"], page.Papers.Select(p => p.ArxivId));
        var first = page.Papers[0];
        Assert.Equal("DriftBench: Evaluating Retrieval-Augmented Generation Under Temporal Drift", first.Title);
        Assert.Equal(["Mei Lin", "Jonas Ø. Berg", "Ana María Ruiz-Gómez"], first.Authors);
        Assert.Equal(["cs.CL", "cs.IR", "cs.LG"], first.Categories);
        Assert.Equal(("cs.CL", 1), (first.PrimaryCategory, first.Version));
        Assert.Equal(new DateTimeOffset(2025, 9, 5, 17, 59, 2, TimeSpan.Zero), first.PublishedAt);
        Assert.EndsWith("reduces the error to $\\mathcal{O}(\\log T)$ growth. Code and data are released.", first.Abstract, StringComparison.Ordinal);
        Assert.StartsWith("14 pages", first.Comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeepsVersionDoiAndJournalReference_AndDropsAcmClasses()
    {
        var paper = ArxivAtomParser.Parse(Sample("arxiv_query.atom")).Papers[1];

        Assert.Equal(2, paper.Version);
        Assert.Equal("10.1234/example.2025.0042", paper.Doi);
        Assert.StartsWith("Proc. Example Conf.", paper.JournalRef, StringComparison.Ordinal);
        Assert.Equal(["cs.LG", "stat.ML"], paper.Categories);
        Assert.Equal("We study the sample complexity of learning sparse parities with noisy labels in the statistical query model and give a lower bound of $\\Omega(n^{k/2})$ queries.", paper.Abstract);
    }

    [Fact]
    public void Parse_ReadsTheClassicFormat()
    {
        var paper = Assert.Single(ArxivAtomParser.Parse(Sample("arxiv_query_legacy_manual.atom")).Papers);

        Assert.Equal(("hep-ex/0307015", "hep-ex"), (paper.ArxivId, paper.PrimaryCategory));
        Assert.Equal("Multi-Electron Production at High Transverse Momenta in ep Collisions at HERA", paper.Title);
        Assert.Equal(new DateTimeOffset(2003, 7, 7, 17, 46, 39, TimeSpan.Zero), paper.PublishedAt);
        Assert.Equal(["H1 Collaboration"], paper.Authors);
        Assert.Equal("Eur.Phys.J. C31 (2003) 17-29", paper.JournalRef);
    }

    [Fact]
    public void Parse_Throws_ForTheApisErrorFeed()
    {
        var error = Assert.Throws<FormatException>(() => ArxivAtomParser.Parse(Sample("arxiv_query_error_legacy_manual.atom")));

        Assert.Contains("incorrect id format for 1234.12345", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<feed><entry>")]
    [InlineData("{\"json\": true}")]
    [InlineData("<rss><channel/></rss>")]
    [InlineData("<!DOCTYPE feed [<!ENTITY x \"xx\">]><feed xmlns=\"http://www.w3.org/2005/Atom\">&x;</feed>")]
    public void Parse_Throws_ForWhatIsNotAnAtomFeed(string xml)
    {
        Assert.Throws<FormatException>(() => ArxivAtomParser.Parse(xml));
    }
}
