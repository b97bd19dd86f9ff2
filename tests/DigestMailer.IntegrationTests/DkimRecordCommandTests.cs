using DigestMailer.Email;

namespace DigestMailer.IntegrationTests;

/// <summary>
/// <c>DigestMailer.dll dkim-record</c>, run as an operator runs it (the built service, settings in the environment):
/// it prints the DNS record for the configured key and exits without starting the service.
/// </summary>
public sealed class DkimRecordCommandTests
{
    static async Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string> environment)
    {
        await using var command = ServiceProcess.Start(environment, arguments: [DkimRecordCommand.Name]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await command.Process.WaitForExitAsync(timeout.Token);
        return (command.Process.ExitCode, command.Output);
    }

    [Fact]
    public async Task ItPrintsTheTxtRecordOfTheConfiguredKeyAndExits()
    {
        using var key = DkimTestKey.Create();

        var (exitCode, output) = await RunAsync(new()
        {
            ["Dkim__Domain"] = DkimTestKey.Domain,
            ["Dkim__Selector"] = DkimTestKey.Selector,
            ["Dkim__PrivateKeyPath"] = key.PrivateKeyPath,
        });

        Assert.Equal(0, exitCode);
        Assert.Contains(key.Record, output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutDkimSettingsItSaysWhichToSetAndFails()
    {
        var (exitCode, output) = await RunAsync([]);

        Assert.Equal(1, exitCode);
        Assert.Contains("Set Dkim:Domain, Dkim:Selector and Dkim:PrivateKeyPath first", output, StringComparison.Ordinal);
    }
}
