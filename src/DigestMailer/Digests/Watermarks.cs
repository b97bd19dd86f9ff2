namespace DigestMailer.Digests;

/// <summary>
/// Where each digest starts: it takes the papers with an id above its watermark. Paper ids grow with ingestion time,
/// so a point in time is one binary search over the recent papers. Pure: the planner reads the papers and the clock.
/// </summary>
/// <remarks>
/// A first digest takes the papers ingested since the subscriber confirmed, and FirstDigestLookback before that: a
/// daily subscriber gets the last day's papers, a weekly one everything since signing up. No digest reaches back
/// further than <paramref name="oldestNews"/> (or the first-digest lookback, if longer): someone who resumes after
/// months of pause gets recent papers, not the best of a season, and topic matching stays bounded to recent papers.
/// </remarks>
/// <param name="recent">(id, ingested_at) of the papers ingested since the oldest news, in id order.</param>
/// <param name="through">The newest paper id this plan covers.</param>
public sealed class Watermarks((long Id, DateTimeOffset IngestedAt)[] recent, long through, DateTimeOffset now, TimeSpan firstDigestLookback, TimeSpan oldestNews)
{
    readonly DateTimeOffset oldest = Oldest(now, firstDigestLookback, oldestNews);

    /// <summary>The instant before which no digest reaches: the first-digest lookback, or the oldest news if longer.</summary>
    public static DateTimeOffset Oldest(DateTimeOffset now, TimeSpan firstDigestLookback, TimeSpan oldestNews) =>
        now - (firstDigestLookback > oldestNews ? firstDigestLookback : oldestNews);

    /// <param name="previous">The watermark of the subscriber's digests so far; null before the first.</param>
    /// <param name="confirmedAt">When the subscriber confirmed.</param>
    public long For(long? previous, DateTimeOffset? confirmedAt)
    {
        if (previous is { } watermark)
        {
            return Math.Max(watermark, At(oldest));
        }

        var confirmed = confirmedAt is { } at && at < now ? at : now;
        var cutoff = confirmed - firstDigestLookback;
        return At(cutoff > oldest ? cutoff : oldest);
    }

    long At(DateTimeOffset cutoff)
    {
        var (low, high) = (0, recent.Length);
        while (low < high)
        {
            var middle = (low + high) / 2;
            (low, high) = recent[middle].IngestedAt < cutoff ? (middle + 1, high) : (low, middle);
        }

        return low == recent.Length ? through : recent[low].Id - 1;
    }
}
