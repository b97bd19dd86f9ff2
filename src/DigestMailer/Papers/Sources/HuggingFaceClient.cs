using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace DigestMailer.Papers.Sources;

/// <summary>Hugging Face Daily Papers: <c>GET /api/daily_papers?date=YYYY-MM-DD&amp;limit=100&amp;p=N</c>, paged.</summary>
public sealed class HuggingFaceClient(HttpClient http, IOptions<SourcesOptions> options)
{
    const int PageSize = 100;
    const int MaxPages = 50;

    /// <param name="date">The day papers were added to Daily Papers.</param>
    /// <param name="mayBeUnpublished">True for today: Hugging Face answers 400 for a day it has not opened yet.</param>
    public async Task<IReadOnlyList<PaperRecord>> FetchDayAsync(DateOnly date, bool mayBeUnpublished, CancellationToken cancellationToken)
    {
        var papers = new List<PaperRecord>();
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        for (var page = 0; page < MaxPages; page++)
        {
            var url = $"{options.Value.HuggingFace.BaseUrl.TrimEnd('/')}/api/daily_papers?date={day}&limit={PageSize}&p={page}";
            var where = $"Hugging Face {day} page {page}";
            using var response = await SourceRequests.GetAsync(http, url, where, cancellationToken);
            if (response.StatusCode == HttpStatusCode.BadRequest && mayBeUnpublished)
            {
                return papers;
            }

            var body = await SourceRequests.ReadSuccessAsync(response, where, cancellationToken);
            PaperParseResult parsed;
            try
            {
                using var json = JsonDocument.Parse(body);
                parsed = HuggingFacePaperParser.Parse(json.RootElement);
            }
            catch (JsonException ex)
            {
                throw new SourceException($"{where}: the answer is not JSON ({ex.Message})", ex);
            }

            if (parsed.Errors.Count > 0)
            {
                var (field, messages) = parsed.Errors.First();
                throw new SourceException($"{where}: malformed entry {field}: {messages[0]}");
            }

            papers.AddRange(parsed.Papers);
            if (parsed.Received < PageSize)
            {
                return papers;
            }
        }

        throw new SourceException($"Hugging Face {day}: more than {MaxPages} pages; stopped reading.");
    }
}
