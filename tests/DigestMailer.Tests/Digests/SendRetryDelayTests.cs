using DigestMailer.Digests;

namespace DigestMailer.Tests.Digests;

public sealed class SendRetryDelayTests
{
    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(4, 40)]
    [InlineData(5, 60)]
    [InlineData(50, 60)]
    public void ATemporaryRefusalIsRetriedLaterWithEachTry_UpToAnHour(int attempts, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), SendBatchJob.RetryDelay(attempts));

    [Fact]
    public void AFirstTryWithoutARecordedAttemptWaitsTheShortestDelay() =>
        Assert.Equal(TimeSpan.FromMinutes(5), SendBatchJob.RetryDelay(0));
}
