using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

public sealed class TopicPreviewTests : AppTest
{
    [Fact]
    public async Task APreviewShowsWhatTheTopicMatchedThisWeekWithTheWordsHighlighted()
    {
        await App.IngestAsync(PaperBuilder.Titled("Old Quantization Results"));
        App.Clock.Advance(TimeSpan.FromDays(8));
        await App.IngestAsync(
            PaperBuilder.Titled("Compressing Language Models").WithAbstract("Our quantized weights keep accuracy.").WithUpvotes(3),
            PaperBuilder.Titled("Error Mitigation on Quantum Computers").WithAbstract("Quantum hardware is noisy."));

        var preview = await App.CreateClient().GetFromJsonAsync<JsonElement>("/api/topics/preview?topic=quantization");

        Assert.Equal(1, preview.GetProperty("matched").GetInt32());
        var paper = preview.GetProperty("papers")[0];
        Assert.Equal("Compressing Language Models", paper.GetProperty("title").GetString());
        Assert.Contains("<mark", paper.GetProperty("excerptHtml").GetString(), StringComparison.Ordinal);
        Assert.Equal("Our quantized weights keep accuracy.", paper.GetProperty("excerpt").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("AND%20OR%20NEAR(")]
    [InlineData("%22unclosed")]
    public async Task APreviewOfATopicThatDoesNotParseIs400NamingTheTopic(string topic)
    {
        var response = await App.CreateClient().GetAsync($"/api/topics/preview?topic={topic}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("topic", out _));
    }

    [Fact]
    public async Task PreviewsBeyondTheLimitPerClientGet429()
    {
        await using var limited = await DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Subscriptions:PreviewsPerMinutePerIp"] = "2" });
        var client = limited.CreateClient();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await client.GetAsync("/api/topics/preview?topic=llm")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }
}
