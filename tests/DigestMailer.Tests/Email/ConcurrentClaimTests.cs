using Dapper;
using DigestMailer.Data;
using DigestMailer.Email;
using DigestMailer.Tests.Infrastructure;

namespace DigestMailer.Tests.Email;

/// <summary>Several processes claim from one outbox at once: each mail is claimed by exactly one of them.</summary>
public abstract class ConcurrentClaimTests(DatabaseEngine engine) : IDisposable
{
    const int Mails = 400;
    readonly TestDatabase database = new(engine);

    [Fact]
    public async Task ClaimAsync_NeverGivesOneMailToTwoClaimers_WhenEightClaimAtOnce()
    {
        await using (var connection = await database.Connections.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO subscribers (id, email, email_key, status, created_at) VALUES (1, 'a@example.org', 'a@example.org', 'active', 0)");
            await connection.ExecuteAsync(
                "INSERT INTO mail_outbox (kind, subscriber_id, status, created_at) VALUES ('confirm', 1, 'pending', 0)", Enumerable.Range(0, Mails).Select(_ => new { }));
        }

        // One connection factory each, as separate processes have.
        var claimers = Enumerable.Range(0, 8).Select(_ => new DbConnectionFactory(database.Connections.ConnectionString)).ToList();
        var claimed = await Task.WhenAll(claimers.Select(factory => Task.Run(async () =>
        {
            var outbox = new MailOutbox(factory, TimeProvider.System);
            var ids = new List<long>();
            while ((await outbox.ClaimAsync(5, CancellationToken.None)).Messages is { Count: > 0 } batch)
            {
                ids.AddRange(batch.Select(m => m.Id));
            }

            return ids;
        })));
        foreach (var factory in claimers)
        {
            await factory.DisposeAsync();
        }

        var all = claimed.SelectMany(ids => ids).ToList();
        Assert.Equal(Mails, all.Count);
        Assert.Equal(Mails, all.Distinct().Count());
    }

    public void Dispose()
    {
        database.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteConcurrentClaimTests() : ConcurrentClaimTests(DatabaseEngine.Sqlite);

public sealed class PostgresConcurrentClaimTests() : ConcurrentClaimTests(DatabaseEngine.PostgreSql);
