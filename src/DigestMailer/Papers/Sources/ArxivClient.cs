using Microsoft.Extensions.Options;

namespace DigestMailer.Papers.Sources;

/// <summary>
/// arXiv: the API (<c>/api/query</c>, Atom, newest submissions first, paged with start/max_results) for catching
/// up, and the per-category RSS feeds (<c>/rss/cs.LG</c>) for each day's announcements.
/// </summary>
public sealed class ArxivClient(HttpClient http, ArxivRequestGate gate, IOptions<SourcesOptions> options)
{
    /// <summary>
    /// Papers submitted at or after <paramref name="since"/> in the configured categories, newest first, and whether
    /// the reading got back to <paramref name="since"/> before Sources:Arxiv:MaxResults stopped it.
    /// </summary>
    public async Task<(IReadOnlyList<PaperRecord> Papers, bool Complete)> FetchSubmittedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var settings = options.Value.Arxiv;
        // arXiv reads '+' in search_query as a space: cat:cs.LG+OR+cat:cs.CL.
        var query = string.Join("+OR+", settings.EffectiveCategories.Select(c => "cat:" + Uri.EscapeDataString(c)));
        var papers = new List<PaperRecord>();
        for (var start = 0; start < settings.MaxResults; start += settings.PageSize)
        {
            var url = $"{settings.ApiBaseUrl.TrimEnd('/')}/api/query?search_query={query}&sortBy=submittedDate&sortOrder=descending&start={start}&max_results={settings.PageSize}";
            var where = $"arXiv API start={start}";
            var page = ParsePage(await GetAsync(url, where, cancellationToken), where);
            var recent = page.Papers.Where(p => p.PublishedAt is null || p.PublishedAt >= since).ToList();
            papers.AddRange(recent);
            if (recent.Count < page.Papers.Count || page.Papers.Count < settings.PageSize || start + settings.PageSize >= page.TotalResults)
            {
                return (papers, true);
            }
        }

        return (papers, false);
    }

    /// <summary>
    /// The papers with these bare ids, in one <c>id_list</c> request (at most Sources:Arxiv:PageSize ids). An id
    /// the API has no paper for is simply missing from the answer.
    /// </summary>
    public async Task<IReadOnlyList<PaperRecord>> FetchByIdsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        // Ids are validated (digits, letters, '.', '-', '/'), all of which a query string carries as they are.
        var url = $"{options.Value.Arxiv.ApiBaseUrl.TrimEnd('/')}/api/query?id_list={string.Join(',', ids)}&start=0&max_results={ids.Count}";
        var where = $"arXiv API id_list ({ids.Count} liked papers)";
        return ParsePage(await GetAsync(url, where, cancellationToken), where).Papers;
    }

    public async Task<IReadOnlyList<ArxivAnnouncement>> FetchAnnouncementsAsync(string category, CancellationToken cancellationToken)
    {
        var where = $"arXiv RSS {category}";
        var xml = await GetAsync($"{options.Value.Arxiv.RssBaseUrl.TrimEnd('/')}/rss/{Uri.EscapeDataString(category)}", where, cancellationToken);
        try
        {
            return ArxivRssParser.Parse(xml);
        }
        catch (FormatException ex)
        {
            throw new SourceException($"{where}: {ex.Message}", ex);
        }
    }

    static ArxivPage ParsePage(string xml, string where)
    {
        try
        {
            return ArxivAtomParser.Parse(xml);
        }
        catch (FormatException ex)
        {
            throw new SourceException($"{where}: {ex.Message}", ex);
        }
    }

    async Task<string> GetAsync(string url, string where, CancellationToken cancellationToken)
    {
        await gate.WaitTurnAsync(cancellationToken);
        using var response = await SourceRequests.GetAsync(http, url, where, cancellationToken);
        return await SourceRequests.ReadSuccessAsync(response, where, cancellationToken);
    }
}
