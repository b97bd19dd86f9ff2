using System.Net;
using Polly.Timeout;

namespace DigestMailer.Papers.Sources;

/// <summary>Turns what can go wrong with one request into a <see cref="SourceException"/> that says where.</summary>
public static class SourceRequests
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient http, string url, string where, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(url, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new SourceException($"{where}: {ex.Message}", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new SourceException($"{where}: no answer within the timeout", ex);
        }
    }

    public static async Task<string> ReadSuccessAsync(HttpResponseMessage response, string where, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var wait = SourceHttp.ServerWait(response);
            var retry = wait is null ? "" : $", asked to wait {wait.Value.TotalSeconds:0} s";
            throw new SourceException($"{where}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{retry}");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

}
