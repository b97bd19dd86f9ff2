using System.Data;
using System.Data.Common;
using System.Diagnostics;
using DigestMailer.Data;
using DigestMailer.Papers;

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
        var now = UnixMs.From(DateTimeOffset.UtcNow.AddDays(-30));
        // Plain ADO.NET on the product's own connection factory, one prepared statement per table: the same on SQLite
        // and PostgreSQL.
        await using var connection = await app.Database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await using var insertSubscriber = connection.CreateCommand();
        insertSubscriber.Transaction = transaction;
        insertSubscriber.CommandText =
            """
            INSERT INTO subscribers (id, email, email_key, status, created_at, confirmed_at, confirmation_sent_at)
            VALUES (@id, @email, @email, 'active', @now, @now, @now)
            """;
        var subscriberId = Parameter(insertSubscriber, "id", DbType.Int64);
        var email = Parameter(insertSubscriber, "email", DbType.String);
        Parameter(insertSubscriber, "now", DbType.Int64).Value = now;
        await insertSubscriber.PrepareAsync(cancellationToken);

        await using var insertTopic = connection.CreateCommand();
        insertTopic.Transaction = transaction;
        insertTopic.CommandText = "INSERT INTO subscriber_topics (subscriber_id, position, topic) VALUES (@id, @position, @topic)";
        var topicSubscriber = Parameter(insertTopic, "id", DbType.Int64);
        var position = Parameter(insertTopic, "position", DbType.Int64);
        var topic = Parameter(insertTopic, "topic", DbType.String);
        await insertTopic.PrepareAsync(cancellationToken);

        var chosen = new List<int>(topicsEach);
        for (var id = 1; id <= count; id++)
        {
            subscriberId.Value = (long)id;
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
                topicSubscriber.Value = (long)id;
                position.Value = (long)p;
                topic.Value = topics[chosen[p]];
                await insertTopic.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return watch.Elapsed;
    }

    static DbParameter Parameter(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
