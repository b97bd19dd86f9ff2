using System.Diagnostics;
using DigestMailer.Papers;
using Microsoft.Data.Sqlite;

namespace DigestMailer.Bench;

/// <summary>Fills a fresh database: papers through the product's store, subscribers with plain SQL in one transaction.</summary>
static class Seeding
{
    public static async Task<UpsertCounts> AddPapersAsync(AppServices app, MlCorpus corpus, int count, int firstNumber, CancellationToken cancellationToken)
    {
        var published = DateTimeOffset.UtcNow.AddDays(-1);
        var papers = Enumerable.Range(firstNumber, count).Select(n => corpus.Paper(n, published)).ToList();
        return await app.Get<PaperStore>().UpsertAsync(papers, cancellationToken);
    }

    /// <summary>
    /// Active (confirmed) subscribers bench{n}@example.org, each with <paramref name="topicsEach"/> different topics from
    /// <paramref name="topics"/>. Every topic is used at least once when there are enough subscribers; beyond that
    /// popularity follows a Zipf-like curve, as a few topics are far more common than the rest.
    /// </summary>
    public static async Task<TimeSpan> AddSubscribersAsync(
        AppServices app, MlCorpus corpus, IReadOnlyList<string> topics, int count, int topicsEach, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var popularity = new MlCorpus.Popularity(topics.Count, corpus.Random);
        var now = DateTimeOffset.UtcNow.AddDays(-30).ToUnixTimeMilliseconds();
        await using var connection = new SqliteConnection(app.Database.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);

        await using var insertSubscriber = connection.CreateCommand();
        insertSubscriber.Transaction = transaction;
        insertSubscriber.CommandText =
            """
            INSERT INTO subscribers (id, email, email_key, status, created_at, confirmed_at, confirmation_sent_at)
            VALUES ($id, $email, $email, 'active', $now, $now, $now)
            """;
        var subscriberId = insertSubscriber.Parameters.Add("$id", SqliteType.Integer);
        var email = insertSubscriber.Parameters.Add("$email", SqliteType.Text);
        insertSubscriber.Parameters.AddWithValue("$now", now);
        insertSubscriber.Prepare();

        await using var insertTopic = connection.CreateCommand();
        insertTopic.Transaction = transaction;
        insertTopic.CommandText = "INSERT INTO subscriber_topics (subscriber_id, position, topic) VALUES ($id, $position, $topic)";
        var topicSubscriber = insertTopic.Parameters.Add("$id", SqliteType.Integer);
        var position = insertTopic.Parameters.Add("$position", SqliteType.Integer);
        var topic = insertTopic.Parameters.Add("$topic", SqliteType.Text);
        insertTopic.Prepare();

        var chosen = new List<int>(topicsEach);
        for (var id = 1; id <= count; id++)
        {
            subscriberId.Value = id;
            email.Value = $"bench{id}@example.org";
            await insertSubscriber.ExecuteNonQueryAsync(cancellationToken);

            chosen.Clear();
            var first = id - 1;
            if (first < topics.Count)
            {
                chosen.Add(first);
            }

            while (chosen.Count < Math.Min(topicsEach, topics.Count))
            {
                var next = popularity.Next();
                if (!chosen.Contains(next))
                {
                    chosen.Add(next);
                }
            }

            for (var p = 0; p < chosen.Count; p++)
            {
                topicSubscriber.Value = id;
                position.Value = p;
                topic.Value = topics[chosen[p]];
                await insertTopic.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return watch.Elapsed;
    }
}
