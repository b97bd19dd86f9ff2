namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>Gives every test its own freshly started <see cref="DigestMailerApp"/>, disposed after it.</summary>
public abstract class AppTest : IAsyncLifetime
{
    protected DigestMailerApp App { get; set; } = null!;

    public virtual async ValueTask InitializeAsync() => App = await DigestMailerApp.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
