using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.OpenSsl;
using Org.BouncyCastle.X509;

namespace DigestMailer.Email;

/// <summary>The RSA key pair of DKIM signing, read from a PEM file with the same parser MimeKit's signer uses.</summary>
public sealed class DkimKey
{
    // RFC 8301: verifiers may ignore signatures with keys under 1024 bits; 2048 is what providers ask for.
    const int MinimumBits = 1024;

    DkimKey(RsaPrivateCrtKeyParameters privateKey)
    {
        PrivateKey = privateKey;
        PublicKey = new RsaKeyParameters(false, privateKey.Modulus, privateKey.PublicExponent);
    }

    public RsaPrivateCrtKeyParameters PrivateKey { get; }

    public RsaKeyParameters PublicKey { get; }

    public int Bits => PublicKey.Modulus.BitLength;

    /// <summary>The public key as DNS publishes it (p=): DER SubjectPublicKeyInfo, base64.</summary>
    public string PublicKeyBase64 =>
        Convert.ToBase64String(SubjectPublicKeyInfoFactory.CreateSubjectPublicKeyInfo(PublicKey).GetDerEncoded());

    /// <exception cref="FormatException">The file holds no usable RSA private key; the message says why.</exception>
    public static DkimKey Load(string path)
    {
        object? pem;
        try
        {
            using var reader = new PemReader(new StreamReader(path));
            pem = reader.ReadObject();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PemException or InvalidCastException or ArgumentException)
        {
            throw new FormatException($"cannot be read as a PEM private key ({ex.Message}).", ex);
        }

        var key = pem switch
        {
            AsymmetricCipherKeyPair pair => pair.Private,
            AsymmetricKeyParameter single => single,
            _ => null,
        };
        if (key is not RsaPrivateCrtKeyParameters rsa)
        {
            throw new FormatException("holds no RSA private key in PEM form (make one with: openssl genrsa -out dkim.pem 2048).");
        }

        var loaded = new DkimKey(rsa);
        return loaded.Bits < MinimumBits
            ? throw new FormatException($"is a {loaded.Bits}-bit key; DKIM needs at least {MinimumBits} bits, 2048 recommended.")
            : loaded;
    }

    /// <returns>Why the file cannot be used, or null when it can.</returns>
    public static string? Problem(string path)
    {
        if (!File.Exists(path))
        {
            return $"no such file (full path '{Path.GetFullPath(path)}').";
        }

        try
        {
            Load(path);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }
}
