using DigestMailer;
using DigestMailer.Admin;
using DigestMailer.Bounces;
using DigestMailer.Data;
using DigestMailer.Digests;
using DigestMailer.Email;
using DigestMailer.Jobs;
using DigestMailer.Pages;
using DigestMailer.Papers;
using DigestMailer.Subscriptions;
using DigestMailer.Topics;

var builder = WebApplication.CreateBuilder(args);
if (DkimRecordCommand.TryRun(args, builder.Configuration) || RotateLinkKeyCommand.TryRun(args, builder.Configuration))
{
    return;
}

builder.AddDigestMailer();

var app = builder.Build();
app.UseDigestMailer();

app.MapSubscriptions();
var pages = app.MapPages();
pages.MapSubscriptionPages();
pages.MapPreferencesPages();
pages.MapFeedbackPages();
pages.MapLostLinkPages();
pages.MapDigestPages();
pages.MapDigestFeed();
pages.MapPaperSearchPages();
app.MapTopics();
app.MapAdmin().MapPapersAdmin().MapBouncesAdmin();
app.MapDashboard();
app.MapHealthChecks("/healthz");

app.Run();

/// <summary>The entry point, public so the integration tests can host it.</summary>
public partial class Program;
