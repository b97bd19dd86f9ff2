using DigestMailer.Jobs;

namespace DigestMailer.Email;

/// <summary>Wakes the outbox dispatcher of this process when a request queues mail.</summary>
public sealed class OutboxSignal : WakeSignal;
