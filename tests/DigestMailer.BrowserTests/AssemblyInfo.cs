using DigestMailer.BrowserTests.Infrastructure;

// Hangfire keeps its storage in a static (JobStorage.Current); two hosts in one process at once would share it.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]

// One Chromium for the whole assembly: launching it takes longer than most tests.
[assembly: AssemblyFixture(typeof(Chromium))]
