using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Subscriptions;

public sealed class SubscriptionOptions
{
    public const string Section = "Subscriptions";

    [Range(1, 1_000_000, ErrorMessage = "Subscriptions:SignupsPerMinutePerIp must be between 1 and 1000000.")]
    public int SignupsPerMinutePerIp { get; set; } = 20;

    /// <summary>At most one confirmation mail per address in this interval, however often it signs up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Subscriptions:ConfirmationResendInterval must be between 0 and 7 days.")]
    public TimeSpan ConfirmationResendInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a received sign-up waits before it is applied, with the others received meanwhile: applied at once, its
    /// work (more for a new address than for a known one) would overlap its own answer and slow it measurably.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Subscriptions:RequestApplyDelay must be between 0 and 1 minute.")]
    public TimeSpan RequestApplyDelay { get; set; } = TimeSpan.FromSeconds(1);

    public const int MaxTopics = 20;
}
