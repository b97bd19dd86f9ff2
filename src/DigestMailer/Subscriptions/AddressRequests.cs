using System.Data.Common;
using System.Text.Json;
using Dapper;
using DigestMailer.Data;
using DigestMailer.Jobs;

namespace DigestMailer.Subscriptions;

/// <summary>Wakes this process's <see cref="AddressRequestProcessor"/> when a request is received.</summary>
public sealed class AddressRequestSignal : WakeSignal;

/// <summary>
/// Requests anyone can make for an address, as received (address_requests): sign-ups and lost preferences links. A
/// request only adds its row here, one insert of the same shape whatever the address, so the answer does not tell a
/// known address from a new one by its timing; <see cref="AddressRequestProcessor"/> applies the rows.
/// </summary>
public sealed class AddressRequests(DbConnectionFactory connections, TimeProvider time, AddressRequestSignal signal)
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
        await EnqueueAsync(AddressRequestKind.Signup, signup.Email, JsonSerializer.Serialize(stored), cancellationToken);
    }

    /// <summary>A fresh preferences link asked for on the "lost your link?" page, known address or not.</summary>
    public Task EnqueuePreferencesLinkAsync(EmailAddress address, CancellationToken cancellationToken) =>
        EnqueueAsync(AddressRequestKind.PreferencesLink, address, address.Address, cancellationToken);

    async Task EnqueueAsync(string kind, EmailAddress address, string payload, CancellationToken cancellationToken)
    {
        await using (var connection = await connections.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO address_requests (received_at, address_key, kind, payload) VALUES (@now, @LimitKey, @kind, @payload)",
                new { now = time.GetUtcNow(), address.LimitKey, kind, payload },
                cancellationToken: cancellationToken));
        }

        signal.Notify();
    }

    /// <summary>
    /// The oldest received requests due now, at most one per address: an address's later request waits until the
    /// earlier one is applied or given up, so they apply in the order received even when one is retried.
    /// </summary>
    public static async Task<IReadOnlyList<WaitingRequest>> WaitingAsync(
        DbConnection connection, DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        (await connection.QueryAsync<WaitingRequest>(new CommandDefinition(
            """
            SELECT id AS Id, attempts AS Attempts FROM address_requests r
            WHERE attempts < @MaxAttempts AND (retry_at IS NULL OR retry_at <= @now)
              AND NOT EXISTS (
                SELECT 1 FROM address_requests earlier
                WHERE earlier.address_key = r.address_key AND earlier.id < r.id AND earlier.attempts < @MaxAttempts)
            ORDER BY id
            LIMIT @limit
            """,
            new { AddressRequestProcessor.MaxAttempts, now, limit },
            cancellationToken: cancellationToken))).AsList();

    /// <summary>
    /// Removes a received request within the transaction that applies it: the delete is the claim. On PostgreSQL a
    /// second process taking the same row waits for the first one's commit and then finds it gone; SQLite has one
    /// writer at a time. Null when it is gone. Its sign-up or address is null when the row cannot be read or no longer
    /// passes validation.
    /// </summary>
    public static async Task<ReceivedRequest?> TakeAsync(DbConnection connection, DbTransaction transaction, long id)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            "DELETE FROM address_requests WHERE id = @id RETURNING kind AS Kind, payload AS Payload", new { id }, transaction);
        return row is null ? null
            : row.Kind == AddressRequestKind.Signup ? new ReceivedRequest(row.Kind, ReadSignup(row.Payload), null)
            : new ReceivedRequest(row.Kind, null, EmailAddress.TryParse(row.Payload, out var address, out _) ? address : null);
    }

    static ValidSignup? ReadSignup(string payload)
    {
        StoredSignup? stored;
        try
        {
            stored = JsonSerializer.Deserialize<StoredSignup>(payload);
        }
        catch (JsonException)
        {
            // Never applicable, however often it is tried.
            return null;
        }

        return stored is null ? null : SignupValidation.Validate(
            stored.Email, stored.Topics, stored.Trending, stored.Frequency, stored.Weekday, stored.SendHour, stored.TimeZone, stored.Likes).Signup;
    }

    /// <summary>Counts a failed try and sets when the next may start.</summary>
    public static async Task RecordFailedAttemptAsync(DbConnection connection, long id, long attempts, DateTimeOffset retryAt, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE address_requests SET attempts = @attempts, retry_at = @retryAt WHERE id = @id",
            new { id, attempts, retryAt },
            cancellationToken: cancellationToken));

    sealed class Row
    {
        public string Kind { get; init; } = "";

        public string Payload { get; init; } = "";
    }

    /// <summary>The validated fields, in the form the validation reads them back from.</summary>
    sealed record StoredSignup(
        string Email, IReadOnlyList<string?> Topics, bool Trending, string Frequency, string Weekday, int SendHour, string TimeZone, IReadOnlyList<string?> Likes);
}

public static class AddressRequestKind
{
    public const string Signup = "signup";
    public const string PreferencesLink = "preferences-link";
}

/// <summary>A request taken from the queue: a sign-up, or the address a preferences link is asked for.</summary>
public sealed record ReceivedRequest(string Kind, ValidSignup? Signup, EmailAddress? LinkAddress);

public sealed record WaitingRequest(long Id, long Attempts);
