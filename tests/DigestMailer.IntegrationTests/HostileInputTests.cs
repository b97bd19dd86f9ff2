using DigestMailer.IntegrationTests.Hostile;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// Several hundred bad requests (<see cref="HostileCorpus"/>) against one host: each is answered as the client's
/// mistake (a 4xx problem from the API, a 4xx page from a page or form), with the security headers, and leaves the
/// database and the outgoing mail exactly as they were.
/// </summary>
public sealed class HostileInputTests(HostileApp host) : IClassFixture<HostileApp>
{
    public static TheoryData<string> Cases => new(HostileCorpus.All.Select(r => r.Name));

    [Fact]
    public void TheCorpusHasSeveralHundredDistinctRequests()
    {
        Assert.True(HostileCorpus.All.Count >= 500, $"{HostileCorpus.All.Count} requests");
        Assert.Equal(HostileCorpus.All.Count, HostileCorpus.All.Select(r => r.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHostileRequestIsA4xxThatChangesNothing(string name)
    {
        var request = HostileCorpus.All.Single(r => r.Name == name);
        var before = await host.StateAsync();

        using var response = await request.SendAsync(host);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{name}: {status} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal(request.Surface == Surface.Api ? "application/problem+json" : "text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(before, await host.StateAsync());
    }
}
