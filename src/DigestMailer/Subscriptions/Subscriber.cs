namespace DigestMailer.Subscriptions;

public static class SubscriberStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Unsubscribed = "unsubscribed";
    public const string Bounced = "bounced";
}

public sealed class Subscriber
{
    public long Id { get; init; }

    public string Email { get; init; } = "";

    public string Status { get; init; } = "";

    public long? UnsubscribedAt { get; init; }

    /// <summary>Topics from a newer sign-up of this address, waiting for its confirmation.</summary>
    public string? PendingTopicsJson { get; init; }

    public string Frequency { get; init; } = Digests.Frequency.Daily;

    public long Weekday { get; init; } = 1;

    public long SendHour { get; init; } = 7;

    public string TimeZone { get; init; } = "UTC";

    public int? MaxPapers { get; init; }

    public long? PausedAt { get; init; }

    public bool Paused => PausedAt is not null;

    public Digests.SendSchedule Schedule => new(Frequency, (DayOfWeek)Weekday, (int)SendHour, TimeZone);

    public IReadOnlyList<string> Topics { get; set; } = [];
}

public enum SignupOutcome
{
    ConfirmationQueued,
    ConfirmationRecentlySent,
}

public enum ConfirmOutcome
{
    Confirmed,
    AlreadyActive,
    NotFound,
    Superseded,
}

public enum UnsubscribeOutcome
{
    Unsubscribed,
    AlreadyUnsubscribed,
    NotFound,
}
