using DigestMailer.Data;
using DigestMailer.Email;
using DigestMailer.Http;
using DigestMailer.Papers;
using Microsoft.Extensions.Options;

namespace DigestMailer.Subscriptions;

public static class SubscriptionsSetup
{
    /// <summary>Sign-up with double opt-in (received, then applied in the background), the signed links in mail, preferences, the account mail and the sign-up rate limit.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddValidatedOptions<SubscriptionOptions>(SubscriptionOptions.Section);
        services.AddSingleton(sp => new LinkTokens(sp.SigningKeyNamed(RotateLinkKeyCommand.LinkTokensKey), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<LikesStore>();
        services.AddSingleton<ILikedPaperIds>(sp => sp.GetRequiredService<LikesStore>());
        services.AddSingleton<AddressRequestSignal>();
        services.AddSingleton<AddressRequests>();
        services.AddHostedService<AddressRequestProcessor>();
        services.AddSingleton<AccountMail>();
        services.AddSingleton<IOutboxMessages>(sp => sp.GetRequiredService<AccountMail>());
        services.AddPerClientRateLimit(
            SubscriptionsApi.SignupRateLimit, sp => sp.GetRequiredService<IOptions<SubscriptionOptions>>().Value.SignupsPerMinutePerIp);
        return services;
    }
}
