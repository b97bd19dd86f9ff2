using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace DigestMailer.Email;

/// <summary>
/// The Fluid (Liquid) templates in templates/, parsed once. HTML renders through an HTML encoder, so every
/// value from a paper or a subscriber is escaped unless a template says otherwise; text renders unencoded.
/// </summary>
public sealed class TemplateLibrary
{
    // Escapes markup characters but leaves letters such as ó or Ø as they are, for readable and smaller mail.
    static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    readonly FluidParser parser = new();
    readonly TemplateOptions options;
    readonly string root;
    readonly ConcurrentDictionary<string, IFluidTemplate> templates = new(StringComparer.Ordinal);

    public TemplateLibrary(IOptions<AppOptions> app)
    {
        root = Path.GetFullPath(app.Value.TemplatesPath ?? Path.Combine(AppContext.BaseDirectory, "templates"));
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Templates folder '{root}' does not exist; set App:TemplatesPath.");
        }

        options = new TemplateOptions
        {
            FileProvider = new PhysicalFileProvider(root),
            MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
        };
    }

    public ValueTask<string> RenderHtmlAsync(string name, object model, IReadOnlyDictionary<string, object>? values = null) =>
        RenderAsync(name, model, Html, values);

    public ValueTask<string> RenderTextAsync(string name, object model) => RenderAsync(name, model, NullEncoder.Default, null);

    ValueTask<string> RenderAsync(string name, object model, TextEncoder encoder, IReadOnlyDictionary<string, object>? values)
    {
        var template = templates.GetOrAdd(name, Load);
        var context = new TemplateContext(model, options);
        foreach (var (key, value) in values ?? new Dictionary<string, object>())
        {
            context.SetValue(key, value);
        }

        return template.RenderAsync(context, encoder);
    }

    IFluidTemplate Load(string name)
    {
        var path = Path.Combine(root, name);
        if (!parser.TryParse(File.ReadAllText(path), out var template, out var error))
        {
            throw new InvalidOperationException($"Template '{path}' does not parse: {error}");
        }

        return template;
    }
}
