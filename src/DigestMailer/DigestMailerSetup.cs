using DigestMailer.Admin;
using DigestMailer.Bounces;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Email;
using DigestMailer.Http;
using DigestMailer.Jobs;
using DigestMailer.Pages;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DigestMailer;

/// <summary>
/// The composition root: each feature registers its own services (AddX, beside its MapX), in the order the folders
/// depend on each other, lowest first.
/// </summary>
public static class DigestMailerSetup
{
    public static WebApplicationBuilder AddDigestMailer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<AppOptions>(AppOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services
            .AddData(builder.Configuration)
            .AddHttpPolicies()
            .AddEmail()
            .AddPages()
            .AddPapers()
            .AddTopics()
            .AddSubscriptions()
            .AddDigests()
            .AddBounces()
            .AddAdmin();
        builder.AddJobs();
        return builder;
    }

    public static WebApplication UseDigestMailer(this WebApplication app)
    {
        // A bad setting stops start-up here, before the database is created or migrated.
        app.Services.GetService<IStartupValidator>()?.Validate();
        app.Services.GetRequiredService<DatabaseMigrator>().Migrate();
        app.PrepareJobStorage();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseBodySizeLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();

        var recurring = app.Services.GetRequiredService<IRecurringJobManager>();
        recurring.ScheduleIngest(app.Services);
        recurring.SchedulePlanning(app.Services);
        recurring.ScheduleBounceMailbox(app.Services);
        return app;
    }
}
