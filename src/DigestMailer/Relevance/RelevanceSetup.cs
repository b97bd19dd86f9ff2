using DigestMailer.Papers;

namespace DigestMailer.Relevance;

public static class RelevanceSetup
{
    /// <summary>Embeddings after ingest and the readers' profiles, which digest planning blends into its ranking.</summary>
    public static IServiceCollection AddRelevance(this IServiceCollection services)
    {
        services.AddOptions<RelevanceOptions>().BindConfiguration(RelevanceOptions.Section);
        services.AddSingleton<EmbeddingModel>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<ReaderProfiles>();
        services.AddTransient<EmbedPapersJob>();
        services.AddSingleton<IPapersStoredListener, EmbedAfterIngest>();
        return services;
    }
}
