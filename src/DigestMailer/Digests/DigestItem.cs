using System.Text.Json;
using System.Text.Json.Serialization;

namespace DigestMailer.Digests;

/// <summary>One paper of a digest as the ledger keeps it (digests.items, a JSON array in rank order).</summary>
public sealed record DigestItem(
    [property: JsonPropertyName("paper")] long Paper,
    [property: JsonPropertyName("topics")] string Topics,
    [property: JsonPropertyName("excerpt")] long? Excerpt)
{
    static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static string Serialize(IEnumerable<DigestItem> items) => JsonSerializer.Serialize(items, Json);

    public static IReadOnlyList<DigestItem> Deserialize(string json) => JsonSerializer.Deserialize<List<DigestItem>>(json, Json) ?? [];
}
