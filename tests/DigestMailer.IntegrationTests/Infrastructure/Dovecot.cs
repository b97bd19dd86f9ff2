using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MimeKit;

namespace DigestMailer.IntegrationTests.Infrastructure;

/// <summary>
/// A real IMAP server: Debian's Dovecot (<c>apt-get install dovecot-imapd</c>), started in the foreground from a
/// config in a temporary folder, on a free loopback port, plaintext, any user name with <see cref="Password"/>, each
/// user its own Maildir. Run by root it keeps the mail as the package's dovecot user; otherwise as the current user.
/// </summary>
public sealed class Dovecot : IAsyncDisposable
{
    public const string Password = "bounce-secret";
    const string Binary = "/usr/sbin/dovecot";

    readonly Process process;
    readonly string directory;

    Dovecot(Process process, string directory, int port)
    {
        this.process = process;
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Dovecot> StartAsync()
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: apt-get install dovecot-imapd (.ci/run installs it).");
        var directory = Path.Combine(Path.GetTempPath(), "digestmailer-dovecot", Guid.NewGuid().ToString("N"));
        var mail = Path.Combine(directory, "mail");
        Directory.CreateDirectory(mail);
        var port = FreePort();
        var root = Environment.UserName == "root";
        // Dovecot will not keep mail as root; as anyone else it can only run everything as that user.
        var user = root ? "dovecot" : Environment.UserName;
        if (root)
        {
            await RunAsync("chown", "dovecot:dovecot", mail);
        }

        await File.WriteAllTextAsync(Path.Combine(directory, "dovecot.conf"), $$"""
            protocols = imap
            listen = 127.0.0.1
            base_dir = {{directory}}/run
            state_dir = {{directory}}/state
            log_path = {{directory}}/dovecot.log
            ssl = no
            disable_plaintext_auth = no
            auth_mechanisms = plain login
            mail_location = maildir:{{mail}}/%u
            first_valid_uid = 0
            {{(root ? "" : $"default_internal_user = {user}\ndefault_login_user = {user}\ndefault_internal_group = {user}")}}
            passdb {
              driver = static
              args = password={{Password}}
            }
            userdb {
              driver = static
              args = uid={{user}} gid={{user}} home={{mail}}/%u
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{port}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service pop3-login {
            }
            service submission-login {
            }
            """);
        var process = Process.Start(new ProcessStartInfo(Binary, ["-F", "-c", Path.Combine(directory, "dovecot.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var dovecot = new Dovecot(process, directory, port);
        try
        {
            await Eventually.HoldsAsync(async () => process.HasExited || await AcceptsAsync(port), $"Dovecot listens on 127.0.0.1:{port}", TimeSpan.FromSeconds(15));
            if (process.HasExited)
            {
                Assert.Fail($"Dovecot stopped: {await process.StandardError.ReadToEndAsync()} {dovecot.Log()}");
            }

            return dovecot;
        }
        catch
        {
            await dovecot.DisposeAsync();
            throw;
        }
    }

    /// <summary>Puts a message into the user's folder with IMAP APPEND, as a receiving server would deliver it.</summary>
    public async Task AppendAsync(string user, MimeMessage message, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user);
        var target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        await target.AppendAsync(message, MessageFlags.None);
        await client.DisconnectAsync(true);
    }

    /// <summary>The messages in the user's folder, with their flags; an empty list when the folder does not exist.</summary>
    /// <summary>
    /// The flags of every message in the folder; false while the service moves messages out of it at the same time (a
    /// fetch that meets a message being expunged fails), so a caller waiting on it tries again.
    /// </summary>
    public async Task<IReadOnlyList<MessageFlags>?> FlagsAsync(string user, string folder = "INBOX")
    {
        try
        {
            using var client = await ConnectAsync(user);
            var target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
            await target.OpenAsync(FolderAccess.ReadOnly);
            var flags = (await target.FetchAsync(0, -1, MessageSummaryItems.Flags)).Select(s => s.Flags ?? MessageFlags.None).ToList();
            await client.DisconnectAsync(true);
            return flags;
        }
        catch (FolderNotFoundException)
        {
            return [];
        }
        catch (Exception ex) when (ex is ImapCommandException or ImapProtocolException or FormatException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<(MimeMessage Message, MessageFlags Flags)>> ReadAsync(string user, string folder = "INBOX")
    {
        using var client = await ConnectAsync(user);
        IMailFolder target;
        try
        {
            target = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return [];
        }

        await target.OpenAsync(FolderAccess.ReadOnly);
        var result = new List<(MimeMessage, MessageFlags)>();
        foreach (var summary in await target.FetchAsync(0, -1, MessageSummaryItems.Flags | MessageSummaryItems.UniqueId))
        {
            result.Add((await target.GetMessageAsync(summary.UniqueId), summary.Flags ?? MessageFlags.None));
        }

        await client.DisconnectAsync(true);
        return result;
    }

    /// <summary>The settings that point the service's bounce reader at this user's mailbox.</summary>
    public Dictionary<string, string?> Settings(string user) => new()
    {
        ["Bounces:Imap:Host"] = "127.0.0.1",
        ["Bounces:Imap:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Bounces:Imap:Security"] = "None",
        ["Bounces:Imap:Username"] = user,
        ["Bounces:Imap:Password"] = Password,
    };

    async Task<ImapClient> ConnectAsync(string user)
    {
        var client = new ImapClient();
        await client.ConnectAsync("127.0.0.1", Port, SecureSocketOptions.None);
        await client.AuthenticateAsync(user, Password);
        return client;
    }

    string Log() => File.Exists(Path.Combine(directory, "dovecot.log")) ? File.ReadAllText(Path.Combine(directory, "dovecot.log")) : "";

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static async Task<bool> AcceptsAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments))!;
        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A child Dovecot process may still hold a socket file for a moment; the temp folder is cleaned anyway.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
