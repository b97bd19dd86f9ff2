using DigestMailer.Data;
using DigestMailer.Http;
using Microsoft.Extensions.Options;

namespace DigestMailer.Topics;

public static class TopicsSetup
{
    /// <summary>The topic language: matching on the database's full text, the preview, and the preview's rate limit.</summary>
    public static IServiceCollection AddTopics(this IServiceCollection services)
    {
        services.AddValidatedOptions<RankingOptions>(RankingOptions.Section);
        services.AddValidatedOptions<PreviewOptions>(PreviewOptions.Section);
        services.AddSingleton(sp => TopicMatcher.For(sp.GetRequiredService<DbConnectionFactory>().Engine));
        services.AddSingleton<TopicPreview>();
        services.AddPerClientRateLimit(
            TopicsApi.PreviewRateLimit, sp => sp.GetRequiredService<IOptions<PreviewOptions>>().Value.PreviewsPerMinutePerIp);
        return services;
    }
}
