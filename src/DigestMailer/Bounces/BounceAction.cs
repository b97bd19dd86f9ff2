namespace DigestMailer.Bounces;

/// <summary>What recording one delivery report did (<see cref="BounceOutcome.Action"/>), as the admin API reports it.</summary>
public static class BounceAction
{
    /// <summary>The same report was recorded before: nothing changed.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A hard bounce stopped the address.</summary>
    public const string Bounced = "bounced";

    /// <summary>A complaint unsubscribed the reader.</summary>
    public const string Unsubscribed = "unsubscribed";

    /// <summary>The subscriber was already in the state the report asks for.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Soft bounces past the limit stopped the address.</summary>
    public const string Suppressed = "suppressed";

    /// <summary>A soft bounce, counted towards the limit.</summary>
    public const string Counted = "counted";

    /// <summary>A report that blames no address (a policy refusal): kept for the record.</summary>
    public const string Recorded = "recorded";
}
