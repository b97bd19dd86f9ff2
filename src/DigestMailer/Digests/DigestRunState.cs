namespace DigestMailer.Digests;

/// <summary>
/// The states a digest run reports (<see cref="DigestRunStatus.Status"/>); computed from digest_runs and the run's
/// ledger rows, not stored.
/// </summary>
public static class DigestRunState
{
    public const string Running = "running";
    public const string Stopped = "stopped";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
