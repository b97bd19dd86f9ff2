using Dapper;
using DigestMailer.Data;
using DigestMailer.Subscriptions;

namespace DigestMailer.Relevance;

/// <summary>
/// What a reader is taken to want, as one unit vector: the mean of the papers they like (likes and "More like this")
/// minus <see cref="DislikeShare"/> of the mean of those they voted "Less like this", normalised.
/// </summary>
/// <param name="Vector">Unit length; its dot product with a paper's vector is their cosine.</param>
/// <param name="Liked">Built from at least one liked paper: only then do "similar" papers stand for something the reader asked for.</param>
/// <param name="Known">The papers the profile was made from: never offered back as news.</param>
public sealed record ReaderProfile(float[] Vector, bool Liked, IReadOnlySet<long> Known)
{
    /// <summary>How much a disliked paper pulls the profile away, against a liked one pulling it closer.</summary>
    public const float DislikeShare = 0.5f;

    /// <summary>The profile from the liked and disliked papers' vectors; null when there is neither.</summary>
    public static ReaderProfile? From(IReadOnlyDictionary<long, float[]> liked, IReadOnlyDictionary<long, float[]> disliked)
    {
        var more = Vectors.Mean([.. liked.Values]);
        var less = Vectors.Mean([.. disliked.Values]);
        if (more is null && less is null)
        {
            return null;
        }

        var vector = more ?? new float[less!.Length];
        if (less is not null)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(less, -DislikeShare, vector, vector);
        }

        return new ReaderProfile(Vectors.Normalize(vector), more is not null, new HashSet<long>([.. liked.Keys, .. disliked.Keys]));
    }
}

/// <summary>Builds the profiles of the active readers who have any: the planner asks once per run.</summary>
public sealed class ReaderProfiles(DbConnectionFactory connections)
{
    /// <summary>
    /// Each active, unpaused subscriber's profile, for those with a liked or voted paper that has an embedding. A liked
    /// arXiv id not ingested yet, or a paper not embedded yet, is left out until it is.
    /// </summary>
    public async Task<Dictionary<long, ReaderProfile>> LoadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Likes count as a "More like this" vote; a vote on a liked paper decides (the reader said so later).
        var rows = await connection.QueryAsync<(long SubscriberId, long PaperId, long Vote, byte[] Vector)>(new CommandDefinition(
            """
            SELECT l.subscriber_id, p.id, COALESCE(f.vote, 1), e.vector
            FROM subscriber_likes l
            JOIN subscribers s ON s.id = l.subscriber_id
            JOIN papers p ON p.arxiv_id = l.arxiv_id
            JOIN paper_embeddings e ON e.paper_id = p.id AND e.model = @model
            LEFT JOIN paper_feedback f ON f.subscriber_id = l.subscriber_id AND f.paper_id = p.id
            WHERE s.status = @Active AND s.paused_at IS NULL
            UNION ALL
            SELECT f.subscriber_id, f.paper_id, f.vote, e.vector
            FROM paper_feedback f
            JOIN subscribers s ON s.id = f.subscriber_id
            JOIN papers p ON p.id = f.paper_id
            JOIN paper_embeddings e ON e.paper_id = f.paper_id AND e.model = @model
            WHERE s.status = @Active AND s.paused_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM subscriber_likes l WHERE l.subscriber_id = f.subscriber_id AND l.arxiv_id = p.arxiv_id)
            """,
            new { model = EmbeddingModel.Name, SubscriberStatus.Active },
            cancellationToken: cancellationToken));

        var profiles = new Dictionary<long, ReaderProfile>();
        foreach (var reader in rows.GroupBy(r => r.SubscriberId))
        {
            var liked = reader.Where(r => r.Vote > 0).ToDictionary(r => r.PaperId, r => Vectors.FromBytes(r.Vector));
            var disliked = reader.Where(r => r.Vote < 0).ToDictionary(r => r.PaperId, r => Vectors.FromBytes(r.Vector));
            if (ReaderProfile.From(liked, disliked) is { } profile)
            {
                profiles[reader.Key] = profile;
            }
        }

        return profiles;
    }
}
