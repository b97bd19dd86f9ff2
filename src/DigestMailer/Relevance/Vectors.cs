using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DigestMailer.Relevance;

/// <summary>Embedding vectors as stored (float32, little-endian bytes) and compared (dot product of unit vectors).</summary>
public static class Vectors
{
    public static byte[] ToBytes(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(vector).CopyTo(bytes);
            return bytes;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }

    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }

        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return vector;
    }

    /// <summary>The cosine of two unit vectors.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>The vector scaled to unit length in place; a zero vector stays zero.</summary>
    public static float[] Normalize(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    /// <summary>The mean of the vectors (all of one length); null for none.</summary>
    public static float[]? Mean(IReadOnlyCollection<float[]> vectors)
    {
        if (vectors.Count == 0)
        {
            return null;
        }

        var sum = new float[vectors.First().Length];
        foreach (var vector in vectors)
        {
            TensorPrimitives.Add(sum, vector, sum);
        }

        TensorPrimitives.Divide(sum, vectors.Count, sum);
        return sum;
    }
}
