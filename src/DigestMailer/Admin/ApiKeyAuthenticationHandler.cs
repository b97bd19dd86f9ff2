using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DigestMailer.Admin;

/// <summary>
/// The admin key, from the X-Api-Key header (scripts and the admin API) or, for the dashboard only, as the password
/// of HTTP Basic authentication (a browser). Basic is refused on the API: a browser replays cached Basic
/// credentials on cross-site form posts, where a custom header cannot be forged. Without a key nobody is an admin.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<AdminOptions> admin,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var configured = admin.Value.ApiKey;
        var presented = PresentedKey();
        if (string.IsNullOrEmpty(configured) || presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!KeysMatch(presented, configured))
        {
            return Task.FromResult(AuthenticateResult.Fail("The admin key is wrong."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    // In constant time, and of equal-length digests: FixedTimeEquals answers at once when the lengths differ, which on
    // the raw keys would tell a guesser how long the key is.
    internal static bool KeysMatch(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = IsDashboard
            ? "Basic realm=\"DigestMailer admin\", charset=\"UTF-8\""
            : $"ApiKey header=\"{HeaderName}\"";

        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Admin key required",
                Detail = admin.Value.Enabled
                    ? $"Send the admin key in the {HeaderName} header."
                    : "The admin API is disabled: set Admin:ApiKey to enable it.",
            },
        });
    }

    bool IsDashboard => Request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase);

    public const string DashboardPath = "/hangfire";

    string? PresentedKey()
    {
        if (Request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrEmpty(header))
        {
            return header.ToString();
        }

        var authorization = Request.Headers.Authorization.ToString();
        if (!IsDashboard || !authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
            var colon = credentials.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : credentials[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
