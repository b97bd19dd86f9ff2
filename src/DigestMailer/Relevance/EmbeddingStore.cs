using Dapper;
using DigestMailer.Data;

namespace DigestMailer.Relevance;

/// <summary>A paper waiting for its embedding.</summary>
public sealed record PaperToEmbed(long Id, string Title, string Abstract);

/// <summary>The new papers' vectors in id order, in one block of memory: what planning compares with the readers' profiles.</summary>
public sealed class PaperVectors
{
    public static readonly PaperVectors None = new([], []);

    readonly float[] values;
    readonly int dimensions;

    /// <param name="ids">Paper ids, ascending.</param>
    /// <param name="vectors">The vector of the paper at the same index, all of one length.</param>
    public PaperVectors(long[] ids, IReadOnlyList<float[]> vectors)
    {
        Ids = ids;
        dimensions = vectors.Count > 0 ? vectors[0].Length : 0;
        values = new float[ids.Length * dimensions];
        for (var i = 0; i < vectors.Count; i++)
        {
            vectors[i].CopyTo(values, i * dimensions);
        }
    }

    /// <summary>Paper ids, ascending.</summary>
    public long[] Ids { get; }

    public int Count => Ids.Length;

    /// <summary>The vector of the paper at <paramref name="index"/> in <see cref="Ids"/>.</summary>
    public ReadOnlySpan<float> this[int index] => values.AsSpan(index * dimensions, dimensions);

    /// <summary>The index of the first paper with an id above <paramref name="watermark"/>.</summary>
    public int FirstAfter(long watermark)
    {
        var index = Array.BinarySearch(Ids, watermark);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>The index of the paper, or a negative number when it has no vector here.</summary>
    public int IndexOf(long paperId) => Array.BinarySearch(Ids, paperId);
}

/// <summary>paper_embeddings: which papers still need a vector, storing vectors, reading them for planning.</summary>
public sealed class EmbeddingStore(DbConnectionFactory connections, TimeProvider time)
{
    /// <summary>Up to <paramref name="limit"/> papers above <paramref name="after"/> without a vector of the current model, in id order.</summary>
    public async Task<IReadOnlyList<PaperToEmbed>> MissingAsync(long after, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PaperToEmbed>(new CommandDefinition(
            """
            SELECT p.id AS Id, p.title AS Title, p.abstract AS Abstract
            FROM papers p
            LEFT JOIN paper_embeddings e ON e.paper_id = p.id AND e.model = @model
            WHERE p.id > @after AND e.paper_id IS NULL
            ORDER BY p.id
            LIMIT @limit
            """,
            new { after, limit, model = EmbeddingModel.Name },
            cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>One transaction per batch; a vector written twice (a job run twice) is simply replaced.</summary>
    public async Task SaveAsync(IReadOnlyList<(long PaperId, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO paper_embeddings (paper_id, model, vector, created_at)
            VALUES (@PaperId, @model, @Vector, @now)
            ON CONFLICT (paper_id) DO UPDATE SET model = excluded.model, vector = excluded.vector, created_at = excluded.created_at
            """,
            vectors.Select(v => new { v.PaperId, model = EmbeddingModel.Name, Vector = Vectors.ToBytes(v.Vector), now }),
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The vectors of the papers in (<paramref name="after"/>, <paramref name="through"/>], in id order: the new papers
    /// a digest may offer, so not those fetched only because a reader liked them (old papers, never news).
    /// </summary>
    public async Task<PaperVectors> RangeAsync(long after, long through, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<(long Id, byte[] Vector)>(new CommandDefinition(
            """
            SELECT e.paper_id, e.vector FROM paper_embeddings e JOIN papers p ON p.id = e.paper_id
            WHERE e.paper_id > @after AND e.paper_id <= @through AND e.model = @model AND p.fetched_for_likes = 0
            ORDER BY e.paper_id
            """,
            new { after, through, model = EmbeddingModel.Name },
            cancellationToken: cancellationToken))).AsList();
        return new PaperVectors([.. rows.Select(r => r.Id)], [.. rows.Select(r => Vectors.FromBytes(r.Vector))]);
    }
}
