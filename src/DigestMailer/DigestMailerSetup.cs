using System.Threading.RateLimiting;
using DigestMailer.Admin;
using DigestMailer.Bounces;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Email;
using DigestMailer.Http;
using DigestMailer.Jobs;
using DigestMailer.Pages;
using DigestMailer.Papers;
using DigestMailer.Papers.Sources;
using DigestMailer.Relevance;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DigestMailer;

public static class DigestMailerSetup
{
    public static WebApplicationBuilder AddDigestMailer(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddValidatedOptions<AppOptions>(services, AppOptions.Section);
        AddValidatedOptions<SmtpOptions>(services, SmtpOptions.Section);
        AddValidatedOptions<SenderOptions>(services, SenderOptions.Section);
        AddValidatedOptions<DkimOptions>(services, DkimOptions.Section);
        AddValidatedOptions<ReturnPathOptions>(services, ReturnPathOptions.Section);
        AddValidatedOptions<BouncesOptions>(services, BouncesOptions.Section);
        services.AddSingleton<IValidateOptions<SmtpOptions>, RelaySetupCheck>();
        AddValidatedOptions<DigestOptions>(services, DigestOptions.Section);
        AddValidatedOptions<SubscriptionOptions>(services, SubscriptionOptions.Section);
        AddValidatedOptions<SourcesOptions>(services, SourcesOptions.Section);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);
        services.AddOptions<RelevanceOptions>().BindConfiguration(RelevanceOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        var connectionString = ConnectionStrings.DigestMailer(builder.Configuration);
        services.AddSingleton(_ => new DbConnectionFactory(connectionString));
        // Anti-forgery tokens must survive restarts and be accepted by every process, so the keys live in the
        // database rather than in the user profile.
        services.AddDataProtection().SetApplicationName("DigestMailer");
        services.AddSingleton<DatabaseXmlRepository>();
        services.AddOptions<KeyManagementOptions>()
            .Configure<DatabaseXmlRepository>((keys, repository) => keys.XmlRepository = repository);
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton(sp => SigningKey.LoadOrCreate(sp.GetRequiredService<DbConnectionFactory>(), RotateLinkKeyCommand.LinkTokensKey, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<LinkTokens>();

        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<Signups>();
        services.AddSingleton<PaperStore>();
        services.AddSingleton(sp => TopicMatcher.For(sp.GetRequiredService<DbConnectionFactory>().Engine));
        services.AddSingleton<TopicPreview>();
        services.AddSingleton<TrendingPapers>();
        services.AddSingleton<IngestRuns>();
        services.AddTransient<IngestPapersJob>();
        services.AddSourceClients();
        services.AddHostedService<FirstStartIngest>();
        AddRelevance(services);
        services.AddSingleton<DigestRuns>();
        services.AddSingleton<LedgerWriter>();
        services.AddSingleton<DigestLedger>();
        services.AddSingleton<PlanningStore>();
        services.AddSingleton<DistinctTopicMatching>();
        services.AddSingleton<DigestPlanner>();
        services.AddTransient<PlanDigestsJob>();
        services.AddTransient<SendBatchJob>();
        services.AddHostedService<UnplannedRunsRecovery>();

        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<PageRenderer>();
        services.AddSingleton<MessageSigner>();
        services.AddSingleton<MessageFactory>();
        services.AddSingleton<AccountMail>();
        services.AddSingleton<DigestMail>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<SendThrottle>();
        services.AddSingleton(sp => new ReturnPaths(
            SigningKey.LoadOrCreate(sp.GetRequiredService<DbConnectionFactory>(), "return-paths", sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<IOptions<ReturnPathOptions>>()));
        services.AddSingleton<BounceStore>();
        services.AddSingleton<BounceProcessor>();
        services.AddTransient<ReadBounceMailboxJob>();
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.UsePickupDirectory
            ? ActivatorUtilities.CreateInstance<PickupDirectoryMailSender>(sp)
            : ActivatorUtilities.CreateInstance<SmtpMailSender>(sp));

        builder.AddJobs();
        AddHttp(services);
        return builder;
    }

    /// <summary>Embeddings after ingest and the readers' profiles, which digest planning blends into its ranking.</summary>
    static void AddRelevance(IServiceCollection services)
    {
        services.AddSingleton<EmbeddingModel>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<ReaderProfiles>();
        services.AddTransient<EmbedPapersJob>();
        services.AddSingleton<IPapersStoredListener, EmbedAfterIngest>();
    }

    static void AddHttp(IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddAntiforgery();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminApi.Policy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(
                new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Too many requests from this address; try again in a minute." },
                }).AsTask());
            limiter.AddPolicy(SubscriptionsApi.SignupRateLimit, http => PerClientPerMinute(
                http, http.RequestServices.GetRequiredService<IOptions<SubscriptionOptions>>().Value.SignupsPerMinutePerIp));
            limiter.AddPolicy(TopicsApi.PreviewRateLimit, http => PerClientPerMinute(
                http, http.RequestServices.GetRequiredService<IOptions<SubscriptionOptions>>().Value.PreviewsPerMinutePerIp));
        });
    }

    static RateLimitPartition<string> PerClientPerMinute(HttpContext http, int permits) => RateLimitPartition.GetFixedWindowLimiter(
        http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
        _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

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
        app.ScheduleRecurringJobs();
        return app;
    }

    static void AddValidatedOptions<T>(IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
