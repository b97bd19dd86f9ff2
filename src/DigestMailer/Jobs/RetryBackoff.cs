namespace DigestMailer.Jobs;

/// <summary>
/// A wait before the next try that doubles with each failed one, from <paramref name="First"/> up to
/// <paramref name="Longest"/>: a fault that passes soon costs little delay, one that lasts is not hammered.
/// </summary>
public sealed record RetryBackoff(TimeSpan First, TimeSpan Longest)
{
    /// <summary>The wait after the <paramref name="attempts"/>-th failed try (1 for the first).</summary>
    public TimeSpan After(int attempts) =>
        TimeSpan.FromTicks(Math.Min(Longest.Ticks, First.Ticks << Math.Clamp(attempts - 1, 0, 20)));
}
