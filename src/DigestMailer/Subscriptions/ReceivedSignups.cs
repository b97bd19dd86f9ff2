using System.Data.Common;
using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Jobs;

namespace DigestMailer.Subscriptions;

/// <summary>Wakes this process's <see cref="SignupProcessor"/> when a sign-up is received.</summary>
public sealed class SignupSignal : WakeSignal;

/// <summary>
/// Sign-ups as received (signup_requests). A request only adds its row here, one insert of the same shape whatever the
/// address, so the answer does not tell a known address from a new one by its timing; <see cref="SignupProcessor"/>
/// applies the rows to the subscribers.
/// </summary>
public sealed class ReceivedSignups(DbConnectionFactory connections, TimeProvider time, SignupSignal signal)
{
    public async Task EnqueueAsync(ValidSignup signup, CancellationToken cancellationToken)
    {
        var stored = new StoredSignup(
            signup.Email.Address,
            [.. signup.Topics.Select(t => t.Text)],
            signup.Trending,
            signup.Schedule.Frequency,
            signup.Schedule.Weekday.ToString(),
            signup.Schedule.SendHour,
            signup.Schedule.TimeZone,
            signup.Likes);
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO signup_requests (received_at, address_key, signup) VALUES (@now, @LimitKey, @signup)",
                new { now = time.GetUtcNow(), signup.Email.LimitKey, signup = JsonSerializer.Serialize(stored) },
                cancellationToken: cancellationToken));
        }

        signal.Notify();
    }

    /// <summary>
    /// The oldest received sign-ups due now, at most one per address: a later sign-up of an address waits until the
    /// earlier one is applied or given up, so they apply in the order received even when one is retried.
    /// </summary>
    public static async Task<IReadOnlyList<WaitingSignup>> WaitingAsync(
        DbConnection connection, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<WaitingSignup>(new CommandDefinition(
            """
            SELECT id AS Id, attempts AS Attempts FROM signup_requests r
            WHERE attempts < @MaxAttempts AND (retry_at IS NULL OR retry_at <= @now)
              AND NOT EXISTS (
                SELECT 1 FROM signup_requests earlier
                WHERE earlier.address_key = r.address_key AND earlier.id < r.id AND earlier.attempts < @MaxAttempts)
            ORDER BY id
            LIMIT @limit
            """,
            new { SignupProcessor.MaxAttempts, now, limit },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// Removes a received sign-up within the transaction that applies it: the delete is the claim. On PostgreSQL a
    /// second process taking the same row waits for the first one's commit and then finds it gone; SQLite has one
    /// writer at a time. Null when it is gone; a signup of null when it cannot be read or no longer passes validation.
    /// </summary>
    public static async Task<ReceivedSignup?> TakeAsync(DbConnection connection, DbTransaction transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "DELETE FROM signup_requests WHERE id = @id RETURNING received_at AS ReceivedAt, signup AS Signup", new { id }, transaction);
        if (row is null)
        {
            return null;
        }

        StoredSignup? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredSignup>(row.Signup);
        }
        catch (JsonException)
        {
            // Never applicable, however often it is tried.
            return new ReceivedSignup(row.ReceivedAt, null);
        }

        var (signup, _) = stored is null ? (null, []) : SignupValidation.Validate(
            stored.Email, stored.Topics, stored.Trending, stored.Frequency, stored.Weekday, stored.SendHour, stored.TimeZone, stored.Likes);
        return new ReceivedSignup(row.ReceivedAt, signup);
    }

    /// <summary>Counts a failed try and sets when the next may start.</summary>
    public static async Task RecordFailedAttemptAsync(DbConnection connection, long id, long attempts, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE signup_requests SET attempts = @attempts, retry_at = @retryAt WHERE id = @id",
            new { id, attempts, retryAt },
            cancellationToken: cancellationToken));

    sealed class Row
    {
        public DateTimeOffset ReceivedAt { get; init; }

        public string Signup { get; init; } = "";
    }

    /// <summary>The validated fields, in the form the validation reads them back from.</summary>
    sealed record StoredSignup(
        string Email, IReadOnlyList<string?> Topics, bool Trending, string Frequency, string Weekday, int SendHour, string TimeZone, IReadOnlyList<string?> Likes);
}

public sealed record ReceivedSignup(DateTimeOffset ReceivedAt, ValidSignup? Signup);

public sealed record WaitingSignup(long Id, long Attempts);
