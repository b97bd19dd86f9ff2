namespace DigestMailer.Subscriptions;

public sealed class Subscriber
{
    public long Id { get; init; }

    public string Email { get; init; } = "";

    public string Status { get; init; } = "";

    public DateTimeOffset? UnsubscribedAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// False for a link made before this subscriber existed: SQLite can give a deleted subscriber's id to the next
    /// sign-up, and an old mail's link must never act on someone else's subscription.
    /// </summary>
    public bool Issued(DateTimeOffset tokenIssuedAt) => tokenIssuedAt >= CreatedAt;

    /// <summary>Topics from a newer sign-up of this address, waiting for its confirmation.</summary>
    public string? PendingTopicsJson { get; init; }

    public string Frequency { get; init; } = Subscriptions.Frequency.Daily;

    public long Weekday { get; init; } = 1;

    public long SendHour { get; init; } = 7;

    public string TimeZone { get; init; } = "UTC";

    public int? MaxPapers { get; init; }

    public DateTimeOffset? PausedAt { get; init; }

    public bool Paused => PausedAt is not null;

    public SendSchedule Schedule => new(Frequency, (DayOfWeek)Weekday, (int)SendHour, TimeZone);

    public IReadOnlyList<string> Topics { get; set; } = [];

    /// <summary>The day's most upvoted new papers, in a section of their own.</summary>
    public bool Trending { get; init; }

    /// <summary>The arXiv ids of the papers the subscriber likes, in the order they were given.</summary>
    public IReadOnlyList<string> Likes { get; set; } = [];
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
