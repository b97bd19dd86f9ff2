using DigestMailer.Email;
using Microsoft.Extensions.Options;

namespace DigestMailer.Subscriptions;

/// <summary>Takes a valid sign-up: records it and wakes the mail dispatcher if a confirmation mail was queued.</summary>
public sealed class Signups(SubscriptionStore store, OutboxSignal outbox, IOptions<SubscriptionOptions> options)
{
    public async Task SubmitAsync(ValidSignup signup, CancellationToken cancellationToken)
    {
        var outcome = await store.SignUpAsync(
            signup.Email, signup.Interests, signup.Likes, signup.Schedule, options.Value.ConfirmationResendInterval, cancellationToken);
        if (outcome == SignupOutcome.ConfirmationQueued)
        {
            outbox.Notify();
        }
    }
}
