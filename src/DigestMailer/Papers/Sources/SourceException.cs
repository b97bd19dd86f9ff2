namespace DigestMailer.Papers.Sources;

/// <summary>A source could not be read (network, HTTP status, malformed payload); the message says which and where.</summary>
public sealed class SourceException(string message, Exception? inner = null) : Exception(message, inner)
{
    public SourceException()
        : this("A paper source could not be read.")
    {
    }

    public SourceException(string message)
        : this(message, null)
    {
    }
}
