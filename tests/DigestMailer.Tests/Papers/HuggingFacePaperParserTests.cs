using System.Text.Json;
using DigestMailer.Papers;

namespace DigestMailer.Tests.Papers;

public sealed class HuggingFacePaperParserTests
{
    static PaperParseResult ParseSample() =>
        HuggingFacePaperParser.Parse(JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "hf_daily_papers.json"))).RootElement);

    [Fact]
    public void Parse_ReadsEveryPaperOfTheRecordedSample()
    {
        var result = ParseSample();

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Received);
        Assert.Equal(["2509.99901", "2509.04664", "2509.99902"], result.Papers.Select(p => p.ArxivId));
    }

    [Fact]
    public void Parse_KeepsAuthorsLinksVotesAndSummaries()
    {
        var paper = ParseSample().Papers[0];

        Assert.Equal("DriftBench: Evaluating Retrieval-Augmented Generation Under Temporal Drift", paper.Title);
        Assert.Equal(["Mei Lin", "Jonas Ø. Berg", "Ana María Ruiz-Gómez"], paper.Authors);
        Assert.Equal(143, paper.Upvotes);
        Assert.Equal("https://github.com/example-lab/driftbench", paper.GithubRepo);
        Assert.Equal(87, paper.GithubStars);
        Assert.Equal("https://driftbench.example.org/", paper.ProjectPage);
        Assert.Contains("temporal drift", paper.AiKeywords);
        Assert.StartsWith("Retrieval-augmented generation (RAG) systems are usually evaluated on static benchmarks.", paper.Abstract, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2025, 9, 5, 17, 59, 2, TimeSpan.Zero), paper.PublishedAt);
    }

    [Fact]
    public void Parse_SkipsWithdrawnPapers()
    {
        var result = Parse("""[{"paper":{"id":"2511.00001","title":"Gone","withdrawnAt":"2025-11-01T00:00:00Z"}}]""");

        Assert.Empty(result.Papers);
        Assert.Equal(1, result.Withdrawn);
    }

    [Fact]
    public void Parse_NamesTheEntry_WhenAnIdOrTitleIsMissing()
    {
        var result = Parse("""[{"paper":{"id":"2511.00001","title":"Fine"}},{"paper":{"title":"No id"}},{"paper":{"id":"2511.00003"}}]""");

        Assert.Equal(["[1].paper.id", "[2].paper.title"], result.Errors.Keys.Order());
    }

    [Fact]
    public void Parse_DropsLinksThatAreNotWebLinks()
    {
        var paper = Parse("""[{"paper":{"id":"2511.00001","title":"T","githubRepo":"javascript:alert(1)"}}]""").Papers[0];

        Assert.Null(paper.GithubRepo);
    }

    static PaperParseResult Parse(string json) => HuggingFacePaperParser.Parse(JsonDocument.Parse(json).RootElement);
}
