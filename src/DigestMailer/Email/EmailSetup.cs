using DigestMailer.Data;
using Microsoft.Extensions.Options;

namespace DigestMailer.Email;

public static class EmailSetup
{
    /// <summary>Sending: the relay or pickup folder, the sender identity and DKIM, templates, the outbox and its dispatcher.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddValidatedOptions<SmtpOptions>(SmtpOptions.Section);
        services.AddValidatedOptions<SenderOptions>(SenderOptions.Section);
        services.AddValidatedOptions<DkimOptions>(DkimOptions.Section);
        services.AddValidatedOptions<ReturnPathOptions>(ReturnPathOptions.Section);
        services.AddSingleton<IValidateOptions<SmtpOptions>, RelaySetupCheck>();

        services.AddSingleton<TemplateLibrary>();
        services.AddSingleton<MessageSigner>();
        services.AddSingleton<MessageFactory>();
        services.AddSingleton<MailOutbox>();
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxDispatcher>();
        services.AddSingleton<SendThrottle>();
        services.AddSingleton(sp => new ReturnPaths(sp.SigningKeyNamed("return-paths"), sp.GetRequiredService<IOptions<ReturnPathOptions>>()));
        services.AddSingleton<IMailSender>(sp => sp.GetRequiredService<IOptions<SmtpOptions>>().Value.UsePickupDirectory
            ? ActivatorUtilities.CreateInstance<PickupDirectoryMailSender>(sp)
            : ActivatorUtilities.CreateInstance<SmtpMailSender>(sp));
        return services;
    }
}
