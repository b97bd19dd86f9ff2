using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    [Range(1, 64, ErrorMessage = "Jobs:WorkerCount must be between 1 and 64.")]
    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// How often an idle worker looks for new jobs. Hangfire's SQLite storage defaults to 15 s, which makes an
    /// admin-triggered run wait that long before it starts.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Jobs:QueuePollInterval must be between 50 ms and 1 minute.")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
