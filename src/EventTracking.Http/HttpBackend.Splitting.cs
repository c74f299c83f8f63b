using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Polly.Timeout;

namespace EventTracking;

/// <summary>
/// Sending one request of a batch: on 413 the request is halved and each half sent; on 400 naming the bad event's
/// <c>index</c> (the native collector's problem document) only that event is dropped and the rest sent again; on 400
/// without an index the request is halved until the bad event stands alone.
/// </summary>
public sealed partial class HttpBackend
{
    /// <summary>Sends one planned request, splitting it as the collector's answers require.</summary>
    /// <exception cref="HttpRequestException">A transient failure persisted; requests sent before stay delivered (the collector keeps ids, so a retry stores nothing twice).</exception>
    private async Task SendPartsAsync(List<int> request, byte[][] items, List<HttpRejection> rejections, CancellationToken cancellationToken)
    {
        var pending = new Stack<List<int>>();
        pending.Push(request);
        while (pending.TryPop(out var part))
        {
            using var message = CreateRequest(part, items);
            HttpResponseMessage response;
            try
            {
                response = await Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw TimedOut(ex);
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    continue;
                }

                var body = await ReadPrefixAsync(response, cancellationToken).ConfigureAwait(false);
                var status = response.StatusCode;
                if (HttpBackendPipeline.IsTransient(status))
                {
                    if (HttpBackendPipeline.RetryAfter(response) is { } wait)
                    {
                        BatchOutcome.ReportRetryAfter(wait);
                    }

                    throw new HttpRequestException(
                        $"The collector at {_endpoint} answered {(int)status} {status} after up to {_settings.MaxRetries} retries; {part.Count} events were not delivered. {body}",
                        null,
                        status);
                }

                if (status == HttpStatusCode.BadRequest && BadIndex(body) is { } bad && bad < part.Count)
                {
                    rejections.Add(new HttpRejection(part[bad], status, body));
                    part.RemoveAt(bad);
                    if (part.Count > 0)
                    {
                        pending.Push(part);
                    }

                    continue;
                }

                if (status is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest && part.Count > 1)
                {
                    var (first, second) = HttpRequestPlan.Halve(part);
                    pending.Push(second);
                    pending.Push(first);
                    continue;
                }

                // Any other refusal (401, 403, 404, …) applies to every event of the request.
                rejections.AddRange(part.Select(i => new HttpRejection(i, status, body)));
            }
        }
    }

    /// <summary>Counts, reports and logs the events dropped for good, once each; throws if asked to.</summary>
    private void Rejected(List<HttpRejection> rejections, int batchCount)
    {
        var first = rejections[0];
        var rejected = new EventBatchRejectedException(_endpoint, first.Status ?? HttpStatusCode.RequestEntityTooLarge, first.Reason, rejections.Count);
        _drops.Count("rejected", rejections.Count);
        BatchOutcome.ReportRejected(rejections.Count);
        if (_rejectionMessages.TryAcquire(out var suppressed))
        {
            HttpBackendLog.EventsRejected(_logger, rejected, _endpoint, rejections.Count, batchCount, (int)(first.Status ?? 0), first.Reason, suppressed);
        }

        // Inside an async routing node the report above settles the rejected events; throwing would make the node
        // send the whole batch again, count the same refusal again and never count the rest delivered.
        if (_throwOnRejected && !BatchOutcome.IsObserved)
        {
            throw rejected;
        }
    }

    private HttpRequestMessage CreateRequest(List<int> indices, byte[][] items)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = EventBatchBody.Create(indices, items, _gzip) };
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(HttpBackendPipeline.SettingsKey, _settings);
        return request;
    }

    /// <summary>The <c>index</c> member of a problem document, if the response names the bad event.</summary>
    private static int? BadIndex(string body) =>
        IndexMember().Match(body) is { Success: true } match && int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;

    [GeneratedRegex(@"""index""\s*:\s*(\d{1,9})")]
    private static partial Regex IndexMember();
}
