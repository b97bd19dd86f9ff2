using Microsoft.Playwright;

namespace DigestMailer.BrowserTests.Infrastructure;

/// <summary>
/// Where the screenshot tests put their pictures: screenshots/ beside the test binaries, or, with
/// <c>UPDATE_SCREENSHOTS=1</c>, the committed docs/screenshots/ of the repository. Nothing compares pixels.
/// </summary>
public static class Screenshots
{
    public static string Folder =>
        Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(RepositoryRoot(), "docs", "screenshots")
            : Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>A phone (375 CSS pixels wide, touch, pixel ratio 2) or a desktop (pixel ratio 1) of the given width.</summary>
    public static void Screen(BrowserNewContextOptions options, int width)
    {
        var phone = width < 600;
        options.ViewportSize = new() { Width = width, Height = phone ? 812 : 800 };
        options.IsMobile = phone;
        options.HasTouch = phone;
        options.DeviceScaleFactor = phone ? 2 : 1;
        options.ColorScheme = ColorScheme.Light;
        options.ReducedMotion = ReducedMotion.Reduce;
    }

    public static async Task SaveAsync(IPage page, string name)
    {
        var file = Path.Combine(Folder, name);
        await page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        TestContext.Current.SendDiagnosticMessage($"Screenshot: {file}");
    }

    static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DigestMailer.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DigestMailer.sln above {AppContext.BaseDirectory}.");
    }
}
