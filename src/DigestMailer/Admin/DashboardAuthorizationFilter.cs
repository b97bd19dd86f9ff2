using Hangfire.Dashboard;

namespace DigestMailer.Admin;

/// <summary>
/// With an admin key the dashboard requires it (the endpoint's authorization has already checked it), even from
/// localhost; without one, only local requests get in, as Hangfire does by default.
/// </summary>
public sealed class DashboardAuthorizationFilter(bool keyConfigured) : IDashboardAuthorizationFilter
{
    readonly LocalRequestsOnlyAuthorizationFilter localOnly = new();

    public bool Authorize(DashboardContext context) =>
        keyConfigured
            ? context.GetHttpContext().User.Identity?.IsAuthenticated == true
            : localOnly.Authorize(context);
}
