namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>The recorded source payloads in tests/Samples (copied from the design's shared samples).</summary>
public static class Samples
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Samples", name);
}
