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
