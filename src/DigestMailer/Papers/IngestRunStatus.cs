namespace DigestMailer.Papers;

/// <summary>The states of a run of the source readers (ingest_runs.status); Papers owns the table.</summary>
public static class IngestRunStatus
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
