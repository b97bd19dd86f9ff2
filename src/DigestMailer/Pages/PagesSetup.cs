namespace DigestMailer.Pages;

public static class PagesSetup
{
    public static IServiceCollection AddPages(this IServiceCollection services)
    {
        services.AddAntiforgery();
        services.AddSingleton<PageRenderer>();
        return services;
    }
}
