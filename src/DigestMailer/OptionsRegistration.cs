using Microsoft.Extensions.Options;

namespace DigestMailer;

public static class OptionsRegistration
{
    /// <summary>Binds a section and checks it when the host starts, so a bad value stops start-up naming its key.</summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, string section)
        where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
