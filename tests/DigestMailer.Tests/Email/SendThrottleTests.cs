using DigestMailer.Email;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DigestMailer.Tests.Email;

public sealed class SendThrottleTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 7, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task WaitToSendAsync_LetsOneMessageGoPerHalfSecond_WhenTheRateIsTwoPerSecond()
    {
        using var throttle = Throttle(new SmtpOptions { Host = "relay.example.org", MaxMessagesPerSecond = 2 });

        await throttle.WaitToSendAsync(CancellationToken.None).AsTask().WaitAsync(Deadline);
        var second = throttle.WaitToSendAsync(CancellationToken.None).AsTask();
        var waitingBefore = throttle.Waiting.Messages;
        clock.Advance(TimeSpan.FromMilliseconds(499));
        var doneTooEarly = second.IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await second.WaitAsync(Deadline);

        Assert.Equal(1, waitingBefore);
        Assert.False(doneTooEarly);
        Assert.Equal(0, throttle.Waiting.Messages);
    }

    [Fact]
    public async Task WaitToSendAsync_SpacesTurnsEvenly_WhenManyAskAtOnce()
    {
        using var throttle = Throttle(new SmtpOptions { Host = "relay.example.org", MaxMessagesPerSecond = 100 });

        var turns = Enumerable.Range(0, 5).Select(_ => throttle.WaitToSendAsync(CancellationToken.None).AsTask()).ToList();
        var doneAtOnce = turns.Count(t => t.IsCompleted);
        var waiting = throttle.Waiting.Messages;
        clock.Advance(TimeSpan.FromMilliseconds(30));
        await Task.WhenAll(turns.Take(4)).WaitAsync(Deadline);
        var fifthTooEarly = turns[4].IsCompleted;
        clock.Advance(TimeSpan.FromMilliseconds(10));
        await turns[4].WaitAsync(Deadline);

        Assert.Equal((1, 4), (doneAtOnce, waiting));
        Assert.False(fifthTooEarly);
    }

    [Fact]
    public async Task EnterConnectionAsync_HoldsTheNextBatch_UntilTheOpenConnectionIsGivenBack()
    {
        using var throttle = Throttle(new SmtpOptions { Host = "relay.example.org", Connections = 1 });

        var first = await throttle.EnterConnectionAsync(CancellationToken.None).AsTask().WaitAsync(Deadline);
        var second = throttle.EnterConnectionAsync(CancellationToken.None).AsTask();
        var waiting = throttle.Waiting.Connections;
        first.Dispose();
        using var granted = await second.WaitAsync(Deadline);

        Assert.Equal(1, waiting);
        Assert.Equal(0, throttle.Waiting.Connections);
    }

    [Fact]
    public async Task NothingWaits_WhenNoLimitIsSetOrMailGoesToThePickupFolder()
    {
        using var unlimited = Throttle(new SmtpOptions { Host = "relay.example.org" });
        using var pickup = Throttle(new SmtpOptions { MaxMessagesPerSecond = 1, Connections = 1 });

        foreach (var throttle in new[] { unlimited, pickup })
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(throttle.WaitToSendAsync(CancellationToken.None).AsTask().IsCompleted);
                Assert.True(throttle.EnterConnectionAsync(CancellationToken.None).AsTask().IsCompleted);
            }
        }
    }

    SendThrottle Throttle(SmtpOptions options) => new(Options.Create(options), clock);
}
