using System.Net;
using System.Net.Http.Headers;
using DigestMailer.Papers.Sources;

namespace DigestMailer.Tests.Papers;

public sealed class SourceHttpTests
{
    [Fact]
    public void ServerWait_ReadsRetryAfterSeconds()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        Assert.Equal(TimeSpan.FromSeconds(7), SourceHttp.ServerWait(response));
    }

    [Fact]
    public void ServerWait_ReadsTheResetOfAnIetfRateLimitHeader()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("RateLimit", "\"api\";r=0;t=42");

        Assert.Equal(TimeSpan.FromSeconds(42), SourceHttp.ServerWait(response));
    }

    [Fact]
    public void ServerWait_ReadsRateLimitReset()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("RateLimit-Reset", "9");

        Assert.Equal(TimeSpan.FromSeconds(9), SourceHttp.ServerWait(response));
    }

    [Fact]
    public void ServerWait_IsNull_WhenTheServerSaysNothing()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.InternalServerError);

        Assert.Null(SourceHttp.ServerWait(response));
    }
}
