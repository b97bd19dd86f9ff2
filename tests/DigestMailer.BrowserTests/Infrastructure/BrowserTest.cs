using Microsoft.Playwright;

namespace DigestMailer.BrowserTests.Infrastructure;

/// <summary>Gives every test a freshly started <see cref="DigestMailerApp"/> served on a loopback port and browser pages on it, all closed after it.</summary>
public abstract class BrowserTest(Chromium chromium) : IAsyncLifetime
{
    readonly List<IBrowserContext> contexts = [];

    protected DigestMailerApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await DigestMailerApp.StartOnLoopbackAsync();

    /// <summary>
    /// A page in a browser context of its own: a 1280 × 800 desktop in English on UTC unless <paramref name="configure"/>
    /// says otherwise; relative URLs go to the service.
    /// </summary>
    protected async Task<IPage> NewPageAsync(Action<BrowserNewContextOptions>? configure = null)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            Locale = "en-US",
            TimezoneId = "UTC",
            ViewportSize = new() { Width = 1280, Height = 800 },
        };
        configure?.Invoke(options);
        var context = await chromium.Browser.NewContextAsync(options);
        contexts.Add(context);
        context.SetDefaultTimeout(10_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (TestContext.Current.TestState?.Result == TestResult.Failed)
        {
            await SaveFailureScreenshotsAsync();
        }

        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }

        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What each page showed when the test failed, under failures/ beside the test binaries.</summary>
    async Task SaveFailureScreenshotsAsync()
    {
        var name = TestContext.Current.Test?.TestDisplayName ?? "test";
        var pages = contexts.SelectMany(c => c.Pages).ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var file = Path.Combine(AppContext.BaseDirectory, "failures", $"{string.Concat(name.Split(Path.GetInvalidFileNameChars()))}-{i}.png");
            await pages[i].ScreenshotAsync(new() { Path = file, FullPage = true });
            TestContext.Current.SendDiagnosticMessage($"Screenshot of the failed test's page: {file}");
        }
    }
}
