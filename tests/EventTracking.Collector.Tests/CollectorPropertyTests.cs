using System.Net.Http.Headers;
using System.Text.Json;
using CsCheck;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests;

/// <summary>
/// Random bytes, random JSON and mutated valid bodies thrown at every route of one collector on Kestrel. Whatever the
/// input: the answer is never a 5xx, and the store holds either the whole batch or nothing of it.
/// </summary>
[NonParallelizable]
public sealed class CollectorPropertyTests
{
    private const int Iterations = 300;

    private CollectorTestHost _collector = null!;

    public enum Route
    {
        Native,
        NativeGzip,
        PycolyticsBatch,
        PycolyticsEvent,
    }

    [OneTimeSetUp]
    public async Task StartCollector() => _collector = await CollectorTestHost.StartAsync();

    [OneTimeTearDown]
    public async Task StopCollector() => await _collector.DisposeAsync();

    [TestCase(Route.Native)]
    [TestCase(Route.NativeGzip)]
    [TestCase(Route.PycolyticsBatch)]
    [TestCase(Route.PycolyticsEvent)]
    public Task RandomBytesNeverCauseA5xxOrAPartialBatch(Route route) =>
        RequestBodies.RandomBytes.SampleAsync(body => CheckAsync(route, body), iter: Iterations, threads: 1, print: Print);

    [TestCase(Route.Native)]
    [TestCase(Route.PycolyticsBatch)]
    [TestCase(Route.PycolyticsEvent)]
    public Task RandomJsonNeverCausesA5xxOrAPartialBatch(Route route) =>
        RequestBodies.RandomJson.SampleAsync(body => CheckAsync(route, body), iter: Iterations, threads: 1, print: Print);

    [TestCase(Route.Native)]
    [TestCase(Route.NativeGzip)]
    public Task MutatedNativeBatchesNeverCauseA5xxOrAPartialBatch(Route route) =>
        RequestBodies.MutatedNative.SampleAsync(body => CheckAsync(route, body), iter: Iterations, threads: 1, print: Print);

    [Test]
    public Task MutatedPycolyticsBatchesNeverCauseA5xxOrAPartialBatch() =>
        RequestBodies.MutatedPycolyticsBatch.SampleAsync(body => CheckAsync(Route.PycolyticsBatch, body), iter: Iterations, threads: 1, print: Print);

    [Test]
    public Task MutatedPycolyticsEventsNeverCauseA5xxOrAPartialBatch() =>
        RequestBodies.MutatedPycolyticsEvent.SampleAsync(body => CheckAsync(Route.PycolyticsEvent, body), iter: Iterations, threads: 1, print: Print);

    private static string Print(byte[] body) => Convert.ToBase64String(body);

    private async Task CheckAsync(Route route, byte[] body)
    {
        var expected = ExpectedIfAccepted(route, body);
        var before = _collector.CountStored();

        using var response = await _collector.Client.SendAsync(Request(route, body));

        var status = (int)response.StatusCode;
        var stored = _collector.CountStored() - before;
        if (status >= 500)
        {
            throw new InvalidOperationException($"{route} answered {status}: {await response.Content.ReadAsStringAsync()}");
        }

        if (status is >= 200 and < 300 ? stored != expected : stored != 0)
        {
            throw new InvalidOperationException($"{route} answered {status} but stored {stored} events of a body that holds {expected} new ones.");
        }
    }

    private static HttpRequestMessage Request(Route route, byte[] body)
    {
        var gzip = route == Route.NativeGzip;
        var content = new ByteArrayContent(gzip ? Bodies.Gzip(body) : body);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        var path = route switch
        {
            Route.PycolyticsBatch => "/game/v1.0/events",
            Route.PycolyticsEvent => "/game/v1.0/event",
            _ => "/api/events",
        };
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (route is Route.Native or Route.NativeGzip)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Api-Key", CollectorTestHost.MobileKey);
        }

        return request;
    }

    /// <summary>
    /// How many rows a 2xx must add: every event of the body, less those whose client id is already stored or repeats
    /// within the body (stores key on id). Bodies that are not JSON can never be accepted, so their count is moot.
    /// </summary>
    private long ExpectedIfAccepted(Route route, byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.AsMemory().Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body.AsMemory(3) : body);
        }
        catch (JsonException)
        {
            return -1;
        }

        using (document)
        {
            var root = document.RootElement;
            var elements = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new[] { root };
            if (route is Route.PycolyticsBatch or Route.PycolyticsEvent)
            {
                return elements.Length;
            }

            var withoutId = 0;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var element in elements)
            {
                if (HasUnreadableName(element))
                {
                    // The collector cannot read such an event and must refuse the batch.
                    return -1;
                }

                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
                {
                    // An id the collector would refuse (not a GUID, or not even text .NET can hold) fails the whole batch.
                    ids.Add(TryGetGuid(id, out var guid) ? guid.ToString() : "invalid");
                }
                else
                {
                    withoutId++;
                }
            }

            return withoutId + ids.Count - CountStored(ids);
        }
    }

    private static bool HasUnreadableName(JsonElement element)
    {
        try
        {
            _ = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out _);
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static bool TryGetGuid(JsonElement element, out Guid guid)
    {
        try
        {
            return element.TryGetGuid(out guid);
        }
        catch (InvalidOperationException)
        {
            guid = default;
            return false;
        }
    }

    private long CountStored(IReadOnlyCollection<string> ids) => ids.Count == 0
        ? 0
        : _collector.CountStoredWhere($"id IN ({string.Join(",", ids.Select((_, i) => "$id" + i))})", ids.Select((id, i) => ("$id" + i, (object)id)));
}
