using System.Net.Http.Json;
using DigestMailer.IntegrationTests.Infrastructure;
using DigestMailer.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Sign-ups are answered once received and applied by <see cref="SignupProcessor"/> afterwards. Here the host runs
/// without its processor, and each test takes the processor's steps itself.
/// </summary>
public sealed class ReceivedSignupTests : AppTest
{
    SignupProcessor processor = null!;

    public override async ValueTask InitializeAsync()
    {
        App = await DigestMailerApp.StartWithoutAsync<SignupProcessor>();
        processor = ActivatorUtilities.CreateInstance<SignupProcessor>(App.Services);
    }

    [Fact]
    public async Task ReceivedSignupsAreAppliedOldestFirstAndEachOnlyOnce()
    {
        await PostSignupAsync("ada@example.org", "diffusion models");
        await PostSignupAsync("ada@example.org", "quantization");

        var taken = await processor.ApplyBatchAsync(CancellationToken.None);
        var again = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal((2, 0), (taken, again));
        // Still pending, so the later sign-up's topics replaced the earlier ones'.
        Assert.Equal(["quantization"], (await App.SubscriberAsync("ada@example.org")).Topics);
        Assert.Single(await App.Inbox.WaitForAsync("ada@example.org"));
    }

    [Fact]
    public async Task ASignupThatKeepsFailingIsLeftAfterFiveTriesWithoutHoldingUpTheOthers()
    {
        await App.ExecuteSqlAsync("INSERT INTO signup_requests (received_at, signup) VALUES (0, 'not a sign-up')");
        await PostSignupAsync("bob@example.org", "quantization");

        var taken = new List<int>();
        for (var pass = 0; pass < SignupProcessor.MaxAttempts + 1; pass++)
        {
            taken.Add(await processor.ApplyBatchAsync(CancellationToken.None));
        }

        Assert.Equal([2, 1, 1, 1, 1, 0], taken);
        Assert.Equal("pending", (await App.SubscriberAsync("bob@example.org")).Status);
        Assert.Equal([5L], await App.QuerySqlAsync<long>("SELECT attempts FROM signup_requests"));
    }

    [Fact]
    public async Task AReceivedSignupThatNoLongerValidatesIsDroppedWithoutTouchingAnySubscriber()
    {
        // As an older version could have stored it: an address today's rules refuse.
        await App.ExecuteSqlAsync(
            """
            INSERT INTO signup_requests (received_at, signup) VALUES (0,
              '{"Email":"-ada@example.org","Topics":["quantization"],"Trending":false,"Frequency":"daily","Weekday":"Monday","SendHour":7,"TimeZone":"UTC","Likes":[]}')
            """);

        var taken = await processor.ApplyBatchAsync(CancellationToken.None);

        Assert.Equal(1, taken);
        Assert.Empty(await App.QuerySqlAsync<long>("SELECT id FROM signup_requests"));
        Assert.Empty(await App.QuerySqlAsync<long>("SELECT id FROM subscribers"));
    }

    async Task PostSignupAsync(string email, string topic) =>
        (await App.CreateClient().PostAsJsonAsync("/api/subscriptions", new { email, topics = new[] { topic } })).EnsureSuccessStatusCode();
}
