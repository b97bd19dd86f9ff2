using System.ComponentModel.DataAnnotations;

namespace DigestMailer;

public sealed class AppOptions : IValidatableObject
{
    public const string Section = "App";

    /// <summary>Public base URL used in every link in an email.</summary>
    [Required]
    public string BaseUrl { get; set; } = "http://localhost:5000";

    /// <summary>Postal address of the sender, shown in the footer of every mail (bulk mail must carry one); none: not shown.</summary>
    public string? PostalAddress { get; set; }

    /// <summary>Folder of the Fluid templates; defaults to the templates copied beside the binaries.</summary>
    public string? TemplatesPath { get; set; }

    public Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/");

    public string Link(string relative) => new Uri(BaseUri, relative).ToString();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult($"App:BaseUrl must be an absolute http(s) URL, not '{BaseUrl}'.", [nameof(BaseUrl)]);
        }
    }
}
