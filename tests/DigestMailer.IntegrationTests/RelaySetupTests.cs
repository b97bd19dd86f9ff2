using System.Net;
using DigestMailer.IntegrationTests.Infrastructure;

namespace DigestMailer.IntegrationTests;

/// <summary>Start-up refuses a relay set up to send mail that mailbox providers would distrust.</summary>
public sealed class RelaySetupTests
{
    [Fact]
    public async Task ARelayWithAnHttpBaseUrlAndALocalhostFromIsRefusedAtStartUpNamingTheKeys()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DigestMailerApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smtp:AllowInsecureLocalSetup"] = "false",
            ["Digest:AccountFrom"] = "accounts@mailhost",
        }));

        Assert.Contains("App:BaseUrl is 'http://localhost'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Digest:From is 'DigestMailer <digest@localhost>'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Digest:AccountFrom is 'accounts@mailhost'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Smtp:AllowInsecureLocalSetup=true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelayWithAnHttpsBaseUrlAndAFromOnARealDomainStarts()
    {
        await using var app = await DigestMailerApp.StartAsync(new Dictionary<string, string?>
        {
            ["Smtp:AllowInsecureLocalSetup"] = "false",
            ["App:BaseUrl"] = "https://digest.example.org",
            ["Digest:From"] = "DigestMailer <digest@example.org>",
        });

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task AnEhloNameThatIsNotFullyQualifiedIsRefusedAtStartUp()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DigestMailerApp.StartAsync(new Dictionary<string, string?> { ["Smtp:LocalDomain"] = "vm" }));

        Assert.Contains("Smtp:LocalDomain must be a fully qualified host name such as 'mail.example.org', not 'vm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HalfADkimConfigurationIsRefusedAtStartUpNamingWhatIsMissing()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => DigestMailerApp.StartAsync(new Dictionary<string, string?>
        {
            ["Dkim:Domain"] = "example.org",
            ["Dkim:Selector"] = "s1",
        }));

        Assert.Contains("missing: Dkim:PrivateKeyPath", error.Message, StringComparison.Ordinal);
    }
}
