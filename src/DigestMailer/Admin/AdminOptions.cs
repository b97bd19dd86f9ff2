namespace DigestMailer.Admin;

public sealed class AdminOptions
{
    public const string Section = "Admin";

    /// <summary>Key for /api/admin/* (header X-Api-Key) and the dashboard; none disables the admin API.</summary>
    public string? ApiKey { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(ApiKey);
}
