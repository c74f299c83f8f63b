using System.Text;
using System.Text.Json;
using CsCheck;
using EventTracking.Collector.Tests.Papika.Support;
using EventTracking.Collector.Tests.Support;

namespace EventTracking.Collector.Tests.Papika;

/// <summary>
/// Random bytes, random <c>data</c> and edited event batches thrown at every Papika route. Whatever the input, the
/// answer is never a 5xx, and a batch is stored whole or not at all.
/// </summary>
[NonParallelizable]
public sealed class PapikaPropertyTests
{
    private const int Iterations = 200;

    private static readonly string[] Routes = ["/api/user", "/api/user/get_data", "/api/user/set_data", "/api/experiment", "/api/session", "/api/event"];

    private CollectorTestHost _host = null!;
    private string _session = null!;

    [OneTimeSetUp]
    public async Task StartHost()
    {
        _host = await CollectorTestHost.StartAsync(h => h.PapikaWithTestExperiments());
        (_session, _) = await _host.StartSessionAsync();
    }

    [OneTimeTearDown]
    public async Task StopHost() => await _host.DisposeAsync();

    [TestCaseSource(nameof(Routes))]
    public Task RandomBytesNeverCauseA5xx(string route) =>
        Gen.Byte.Array[0, 512].SampleAsync(
            async body =>
            {
                using var response = await _host.Client.PostAsync(route, new ByteArrayContent(body));
                await NoServerErrorAsync(response, route);
            },
            iter: Iterations,
            threads: 1,
            print: Convert.ToBase64String);

    [TestCaseSource(nameof(Routes))]
    public Task RandomDataInAValidEnvelopeNeverCausesA5xx(string route) =>
        PapikaRequestBodies.RandomData.SampleAsync(
            async data =>
            {
                var body = route == "/api/event" ? PapikaBodies.OfSession(data, _session) : PapikaBodies.NonSession(data);
                using var response = await _host.PostJsonAsync(route, body);
                await NoServerErrorAsync(response, route);
            },
            iter: Iterations,
            threads: 1);

    [Test]
    public Task EditedBatchesAreStoredWholeOrNotAtAll() =>
        PapikaRequestBodies.MutatedBatch.SampleAsync(
            async data =>
            {
                var (session, _) = await _host.StartSessionAsync();
                var before = _host.CountStored(session);

                using var response = await _host.PostJsonAsync("/api/event", PapikaBodies.OfSession(data, session));

                await NoServerErrorAsync(response, "/api/event");
                var stored = _host.CountStored(session) - before;
                var expected = response.IsSuccessStatusCode ? DistinctEvents(data) : 0;
                if (stored != expected)
                {
                    throw new InvalidOperationException($"answered {(int)response.StatusCode} and stored {stored} events, not {expected}");
                }
            },
            iter: Iterations,
            threads: 1);

    private static async Task NoServerErrorAsync(HttpResponseMessage response, string route)
    {
        if ((int)response.StatusCode >= 500)
        {
            throw new InvalidOperationException($"{route} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Events whose fields all match are one event (their ids are derived from the fields).</summary>
    private static int DistinctEvents(string data)
    {
        using var batch = JsonDocument.Parse(data);
        return batch.RootElement.EnumerateArray()
            .Select(e => string.Join(
                "\u0001",
                new[] { "session_sequence_index", "category_id", "type_id", "client_time", "detail", "task_start", "task_event" }
                    .Select(field => e.TryGetProperty(field, out var value) ? Canonical(value) : "-")))
            .Distinct(StringComparer.Ordinal)
            .Count();
    }

    private static string Canonical(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.String => "s" + value.GetString(),
        _ => Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(value)),
    };
}
