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
                "INSERT INTO signup_requests (received_at, signup) VALUES (@now, @signup)",
                new { now = time.GetUtcNow(), signup = JsonSerializer.Serialize(stored) },
                cancellationToken: cancellationToken));
        }

        signal.Notify();
    }

    /// <summary>The oldest received sign-ups not yet given up on.</summary>
    public static async Task<IReadOnlyList<long>> WaitingAsync(DbConnection connection, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM signup_requests WHERE attempts < @MaxAttempts ORDER BY id LIMIT @limit",
            new { SignupProcessor.MaxAttempts, limit },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// Removes a received sign-up within the transaction that applies it: the delete is the claim. On PostgreSQL a
    /// second process taking the same row waits for the first one's commit and then finds it gone; SQLite has one
    /// writer at a time. Null when it is gone; a signup of null when it no longer passes validation.
    /// </summary>
    public static async Task<ReceivedSignup?> TakeAsync(DbConnection connection, DbTransaction transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "DELETE FROM signup_requests WHERE id = @id RETURNING received_at AS ReceivedAt, signup AS Signup", new { id }, transaction);
        if (row is null)
        {
            return null;
        }

        var stored = JsonSerializer.Deserialize<StoredSignup>(row.Signup);
        var (signup, _) = stored is null ? (null, []) : SignupValidation.Validate(
            stored.Email, stored.Topics, stored.Trending, stored.Frequency, stored.Weekday, stored.SendHour, stored.TimeZone, stored.Likes);
        return new ReceivedSignup(row.ReceivedAt, signup);
    }

    /// <returns>The attempts made so far, this one included.</returns>
    public static async Task<long> CountFailedAttemptAsync(DbConnection connection, long id, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "UPDATE signup_requests SET attempts = attempts + 1 WHERE id = @id RETURNING attempts", new { id }, cancellationToken: cancellationToken));

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
