using DigestMailer.Data;

namespace DigestMailer.Tests.Relevance;

/// <summary>
/// Precision and recall of the matcher on the judged set (figures in the README). A topic written with the
/// language's precise forms (a phrase, cat:, author:, -word) must be exact; plain words are held to floors below
/// the 0.95 aim, because some plain topics are homonyms no word matcher can tell apart: "transformer" in a paper on
/// power transformers, "quantization" in physics' "second quantization".
/// </summary>
public abstract class MatcherRelevanceTests(DatabaseEngine engine)
{
    [Fact]
    public async Task Matcher_FindsWhatResearchersWant_OnTheJudgedSet()
    {
        var (precision, recall) = Measure(await ScoresAsync());

        Assert.True(recall >= 0.95, $"recall {recall:F3}");
        Assert.True(precision >= 0.85, $"precision {precision:F3}");
    }

    [Fact]
    public async Task Matcher_IsExact_ForTopicsWrittenWithPhrasesCategoriesAuthorsOrExclusions()
    {
        var precise = (await ScoresAsync()).Where(s => s.Topic.Contains('"', StringComparison.Ordinal) || s.Topic.Contains(':', StringComparison.Ordinal) || s.Topic.Contains(" -", StringComparison.Ordinal)).ToList();

        var (precision, recall) = Measure(precise);

        Assert.True(precise.Count >= 10, $"only {precise.Count} precise topics");
        Assert.Equal((1.0, 1.0), (precision, recall));
    }

    async Task<IReadOnlyList<TopicScore>> ScoresAsync()
    {
        var scores = await RelevanceSet.ScoreAsync(RelevanceSet.Load(), engine);
        foreach (var score in scores.Where(s => s.FalsePositives + s.FalseNegatives > 0))
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{score.Topic}: unwanted [{string.Join(", ", score.Unwanted)}], missed [{string.Join(", ", score.Missed)}]");
        }

        return scores;
    }

    static (double Precision, double Recall) Measure(IReadOnlyList<TopicScore> scores)
    {
        var truePositives = scores.Sum(s => s.TruePositives);
        var precision = (double)truePositives / (truePositives + scores.Sum(s => s.FalsePositives));
        var recall = (double)truePositives / (truePositives + scores.Sum(s => s.FalseNegatives));
        TestContext.Current.TestOutputHelper?.WriteLine($"precision {precision:F3}, recall {recall:F3} over {scores.Count} topics");
        return (precision, recall);
    }
}

public sealed class SqliteMatcherRelevanceTests() : MatcherRelevanceTests(DatabaseEngine.Sqlite);

public sealed class PostgresMatcherRelevanceTests() : MatcherRelevanceTests(DatabaseEngine.PostgreSql)
{
    [Fact]
    public async Task Matcher_FindsTheSamePapersOnBothEngines()
    {
        var data = RelevanceSet.Load();
        var sqlite = await RelevanceSet.ScoreAsync(data, DatabaseEngine.Sqlite);
        var postgres = await RelevanceSet.ScoreAsync(data, DatabaseEngine.PostgreSql);

        Assert.Equal(Found(sqlite), Found(postgres));
    }

    static List<string> Found(IReadOnlyList<TopicScore> scores) =>
        [.. scores.Select(s => $"{s.Topic}: {s.TruePositives} wanted, unwanted [{string.Join(", ", s.Unwanted)}], missed [{string.Join(", ", s.Missed)}]")];
}
