namespace DigestMailer.Http;

/// <summary>A request body that fails the read past its limit with the 413 Kestrel would give.</summary>
sealed class LimitedBodyStream(Stream inner, long limit, long? contentLength) : Stream
{
    long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, Allowed(count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Reads one byte past the limit at most, so a body of exactly the limit passes and a longer one is caught.
    int Allowed(int count)
    {
        if (contentLength > limit)
        {
            throw TooLarge();
        }

        return (int)Math.Min(count, limit + 1 - read);
    }

    int Counted(int count)
    {
        read += count;
        return read > limit ? throw TooLarge() : count;
    }

    BadHttpRequestException TooLarge() =>
        new($"Request body too large. The max request body size is {limit} bytes.", StatusCodes.Status413PayloadTooLarge);

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
