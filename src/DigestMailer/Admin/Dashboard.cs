using DigestMailer.Http;
using Hangfire;
using Microsoft.Extensions.Options;

namespace DigestMailer.Admin;

public static class Dashboard
{
    /// <summary>Hangfire's dashboard, behind the admin key (closed when no key is set).</summary>
    public static IEndpointConventionBuilder MapDashboard(this WebApplication app)
    {
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        var dashboard = app.MapHangfireDashboard(ApiKeyAuthenticationHandler.DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAuthorizationFilter(admin.Enabled)],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }).WithContentSecurityPolicy(ContentSecurityPolicy.Dashboard);
        if (admin.Enabled)
        {
            dashboard.RequireAuthorization(AdminApi.Policy);
        }

        return dashboard;
    }
}
