using System.ComponentModel.DataAnnotations;

namespace DigestMailer.Email;

/// <summary>
/// <c>dotnet run --project src/DigestMailer -- dkim-record</c>: prints the DNS TXT record that publishes the public half
/// of Dkim:PrivateKeyPath, in zone-file form, then exits without starting the service.
/// </summary>
public static class DkimRecordCommand
{
    public const string Name = "dkim-record";

    // A TXT record is made of strings of at most 255 bytes each; a 2048-bit key needs two.
    const int MaxStringLength = 255;

    /// <returns>True when the arguments asked for this command (it ran, and the process should exit).</returns>
    public static bool TryRun(string[] args, IConfiguration configuration)
    {
        if (!args.Contains(Name, StringComparer.Ordinal))
        {
            return false;
        }

        var options = configuration.GetSection(DkimOptions.Section).Get<DkimOptions>() ?? new DkimOptions();
        var problems = new List<ValidationResult>();
        if (!options.Enabled)
        {
            problems.Add(new ValidationResult("Set Dkim:Domain, Dkim:Selector and Dkim:PrivateKeyPath first (see README, Deliverability)."));
        }

        Validator.TryValidateObject(options, new ValidationContext(options), problems, validateAllProperties: true);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine(problem.ErrorMessage);
            }

            Environment.ExitCode = 1;
            return true;
        }

        Console.WriteLine(Record(options.Domain!, options.Selector!, DkimKey.Load(options.PrivateKeyPath!)));
        return true;
    }

    /// <summary><c>selector._domainkey.domain. IN TXT ( "v=DKIM1; k=rsa; p=…" "…" )</c>: the record's strings, joined, are its value.</summary>
    public static string Record(string domain, string selector, DkimKey key)
    {
        var value = $"v=DKIM1; k=rsa; p={key.PublicKeyBase64}";
        var strings = value.Chunk(MaxStringLength).Select(chunk => $"\"{new string(chunk)}\"");
        return $"{selector}._domainkey.{domain.TrimEnd('.')}. IN TXT ( {string.Join(' ', strings)} )";
    }
}
