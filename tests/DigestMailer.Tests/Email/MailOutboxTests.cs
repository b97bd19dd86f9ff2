using Dapper;
using DigestMailer.Email;
using DigestMailer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.Tests.Email;

public sealed class MailOutboxTests : IDisposable
{
    readonly TestDatabase database = new();
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));
    readonly MailOutbox outbox;

    public MailOutboxTests()
    {
        outbox = new MailOutbox(database.Connections, clock);
        using var connection = database.Connections.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(
            """
            INSERT INTO subscribers (id, email, email_key, status, created_at) VALUES (1, 'a@example.org', 'a@example.org', 'pending', 0);
            INSERT INTO mail_outbox (kind, subscriber_id, status, created_at) VALUES ('confirm', 1, 'pending', 0);
            """);
    }

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task ReleaseAsync_AfterATemporaryRefusal_WaitsBeforeTheNextAttempt()
    {
        var first = await outbox.ClaimAsync(10, CancellationToken.None);
        await outbox.ReleaseAsync(first.Messages[0].Id, first.ClaimId, "451 try later", attempts: 1);

        var tooSoon = await outbox.ClaimAsync(10, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var due = await outbox.ClaimAsync(10, CancellationToken.None);

        Assert.Empty(tooSoon.Messages);
        Assert.Single(due.Messages);
    }

    [Fact]
    public async Task MarkSentAsync_DoesNothing_UnderAClaimThatWasTakenOver()
    {
        var slow = await outbox.ClaimAsync(10, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(6));
        var takeover = await outbox.ClaimAsync(10, CancellationToken.None);

        await outbox.MarkFailedAsync(slow.Messages[0].Id, slow.ClaimId, "late");
        await outbox.MarkSentAsync(takeover.Messages[0].Id, takeover.ClaimId);

        await using var connection = await database.Connections.OpenAsync(CancellationToken.None);
        Assert.Equal("sent", await connection.ExecuteScalarAsync<string>("SELECT status FROM mail_outbox"));
    }
}
