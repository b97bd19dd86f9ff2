namespace DigestMailer.Subscriptions;

/// <summary>
/// The "your digest" block of the preferences page, as sentences a reader reads: the last digest, the next one, and
/// why nothing came when nothing did.
/// </summary>
/// <param name="LastDigest">"3 December: 12 papers", or null before the first digest.</param>
/// <param name="LastDigestUrl">The last digest as a web page, when it still has papers to show.</param>
/// <param name="Next">When the next digest goes out, or why none will.</param>
/// <param name="Notes">What happened to the digests after the last one (skipped, refused, on its way), newest first.</param>
/// <param name="FeedUrl">The subscriber's Atom feed of the papers sent to them.</param>
public sealed record DeliveryStatus(string? LastDigest, string? LastDigestUrl, string Next, IReadOnlyList<string> Notes, string FeedUrl);

/// <summary>What the preferences page needs from the digests: declared here, implemented by them.</summary>
public interface IDeliveryStatusSource
{
    Task<DeliveryStatus> ForAsync(Subscriber subscriber, CancellationToken cancellationToken);
}
