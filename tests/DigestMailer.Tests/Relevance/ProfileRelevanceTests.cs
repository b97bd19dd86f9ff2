using DigestMailer.Data;

namespace DigestMailer.Tests.Relevance;

/// <summary>
/// Precision of a digest's top ten on the judged profile set (figures in the README): four readers, each following
/// a broad topic every candidate matches, each wanting only some of them, each with three liked papers.
/// </summary>
public abstract class ProfileRelevanceTests(DatabaseEngine engine)
{
    static readonly Dictionary<DatabaseEngine, Task<IReadOnlyList<ProfileScore>>> Scores = [];

    [Fact]
    public async Task ProfileRanking_PutsWhatReadersWantInTheirTopTen_OnTheJudgedSet()
    {
        var scores = await ScoresAsync();

        var precision = (double)scores.Sum(s => s.With) / (scores.Count * ProfileScore.Top);

        Assert.True(scores.Count >= 4, $"only {scores.Count} profiles");
        Assert.True(precision >= 0.8, $"precision with likes {precision:F3}");
    }

    [Fact]
    public async Task ProfileRanking_DoesBetterThanTopicRankingAlone_ForEveryReader()
    {
        var scores = await ScoresAsync();

        Assert.All(scores, s => Assert.True(s.With > s.Without, $"{s.Topic}: {s.With}/10 with likes, {s.Without}/10 without"));
    }

    async Task<IReadOnlyList<ProfileScore>> ScoresAsync()
    {
        Task<IReadOnlyList<ProfileScore>> task;
        lock (Scores)
        {
            // Embedding the set takes a while on two cores: both tests of an engine share one run.
            if (!Scores.TryGetValue(engine, out task!))
            {
                Scores[engine] = task = ProfileSet.ScoreAsync(ProfileSet.Load(), engine);
            }
        }

        var scores = await task;
        foreach (var score in scores)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{score.Topic}: top {ProfileScore.Top} precision {score.Without / 10.0:F1} without likes, {score.With / 10.0:F1} with; " +
                $"similar section {score.Similar}; unwanted with likes [{string.Join(" | ", score.UnwantedWith)}]");
        }

        return scores;
    }
}

public sealed class SqliteProfileRelevanceTests() : ProfileRelevanceTests(DatabaseEngine.Sqlite);

public sealed class PostgresProfileRelevanceTests() : ProfileRelevanceTests(DatabaseEngine.PostgreSql);
