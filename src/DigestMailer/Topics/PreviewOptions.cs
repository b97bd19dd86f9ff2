using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Topics;

/// <summary>
/// The topic preview's rate limit. Its key sits in the Subscriptions section (Subscriptions:PreviewsPerMinutePerIp)
/// beside the sign-up limit a visitor meets on the same page; it is owned here, by the preview it limits.
/// </summary>
public sealed class PreviewOptions
{
    public const string Section = "Subscriptions";

    [Range(1, 1_000_000, ErrorMessage = "Subscriptions:PreviewsPerMinutePerIp must be between 1 and 1000000.")]
    public int PreviewsPerMinutePerIp { get; set; } = 60;
}
