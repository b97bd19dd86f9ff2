using System.Data.Common;

namespace DigestMailer.Digests;

/// <summary>
/// One job run's hold on the digests it claimed, with one connection and prepared statements for the whole batch.
/// A renewal and a mark per message, each opening a pooled connection (and running its pragmas) and preparing its
/// UPDATE again, cost 80-130 µs each (measured); here a mark is one prepared UPDATE, about 60 µs. Every mark is
/// still its own statement, committed before the next message goes out.
/// </summary>
/// <remarks>
/// The claim is renewed for all the batch's remaining digests at once, and only when the last renewal is older than
/// a tenth of StaleSendingAfter, instead of once per message. A digest is sent only while the last renewal that
/// covered it is younger than that, so another job, which takes a claim over only once it is StaleSendingAfter old,
/// cannot have taken it: a send has the other nine tenths (9 minutes by default) to reach the relay.
/// </remarks>
public sealed class ClaimedBatch : IAsyncDisposable
{
    readonly DbConnection connection;
    readonly SemaphoreSlim writeTurn;
    readonly TimeProvider time;
    readonly TimeSpan renewEvery;
    readonly string claimId;
    readonly DbCommand setStatus;
    readonly DbCommand renew;
    HashSet<long> owned;
    DateTimeOffset renewedAt;

    internal ClaimedBatch(DbConnection connection, SemaphoreSlim writeTurn, DigestClaim claim, TimeSpan staleSendingAfter, TimeProvider time)
    {
        this.connection = connection;
        this.writeTurn = writeTurn;
        this.time = time;
        renewEvery = staleSendingAfter / 10;
        claimId = claim.ClaimId;
        owned = [.. claim.Ids];
        renewedAt = claim.ClaimedAt;
        // Every outcome is conditional on the claim: a digest another job has taken over is left alone.
        setStatus = Prepare(
            """
            UPDATE digests
            SET status = @status, last_error = @error, claimed_at = NULL, claim_id = NULL,
                sent_at = CASE WHEN @status = 'sent' THEN @now ELSE sent_at END
            WHERE id = @id AND status = 'sending' AND claim_id = @claimId
            """,
            "@status", "@error", "@now", "@id", "@claimId");
        renew = Prepare(
            "UPDATE digests SET claimed_at = @now WHERE claim_id = @claimId AND status = 'sending' RETURNING id",
            "@now", "@claimId");
    }

    /// <summary>
    /// Whether this job still holds the digest and may send it now; false for a digest another job has taken over as
    /// stale. When the last renewal is due, first renews the claim on every digest the batch still holds.
    /// </summary>
    public async Task<bool> OwnsAsync(long id)
    {
        var now = time.GetUtcNow();
        if (now - renewedAt >= renewEvery)
        {
            renew.Parameters["@now"].Value = now.ToUnixTimeMilliseconds();
            renew.Parameters["@claimId"].Value = claimId;
            var stillOwned = new HashSet<long>();
            await InTurnAsync(async () =>
            {
                await using var reader = await renew.ExecuteReaderAsync(CancellationToken.None);
                while (await reader.ReadAsync(CancellationToken.None))
                {
                    stillOwned.Add(reader.GetInt64(0));
                }
            });
            owned = stillOwned;
            renewedAt = now;
        }

        return owned.Contains(id);
    }

    // Outcomes are recorded without the job's cancellation token: a message that went out must be marked sent
    // even while the server shuts down.
    public Task MarkSentAsync(long id) => SetAsync(id, "sent", null);

    public Task MarkSkippedAsync(long id, string reason) => SetAsync(id, "skipped", reason);

    public Task MarkFailedAsync(long id, string error) => SetAsync(id, "failed", error);

    /// <summary>Puts the digest back to pending, for a later run to send.</summary>
    public Task ReleaseAsync(long id, string error) => SetAsync(id, "pending", error);

    public async Task MarkBouncedAsync(long subscriberId)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE subscribers SET status = 'bounced' WHERE id = @subscriberId AND status = 'active'";
        AddParameter(command, "@subscriberId").Value = subscriberId;
        await InTurnAsync(() => command.ExecuteNonQueryAsync(CancellationToken.None));
    }

    async Task SetAsync(long id, string status, string? error)
    {
        setStatus.Parameters["@status"].Value = status;
        setStatus.Parameters["@error"].Value = (object?)error ?? DBNull.Value;
        setStatus.Parameters["@now"].Value = time.GetUtcNow().ToUnixTimeMilliseconds();
        setStatus.Parameters["@id"].Value = id;
        setStatus.Parameters["@claimId"].Value = claimId;
        await InTurnAsync(() => setStatus.ExecuteNonQueryAsync(CancellationToken.None));
        owned.Remove(id);
    }

    /// <summary>Runs one write while no other send job of this process writes; see DigestLedger.</summary>
    async Task InTurnAsync(Func<Task> write)
    {
        await writeTurn.WaitAsync(CancellationToken.None);
        try
        {
            await write();
        }
        finally
        {
            writeTurn.Release();
        }
    }

    DbCommand Prepare(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            AddParameter(command, name);
        }

        // Compiled once; each execution only binds new values.
        command.Prepare();
        return command;
    }

    static DbParameter AddParameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public async ValueTask DisposeAsync()
    {
        await setStatus.DisposeAsync();
        await renew.DisposeAsync();
        await connection.DisposeAsync();
    }
}
