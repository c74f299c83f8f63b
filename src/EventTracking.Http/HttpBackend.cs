using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.Timeout;

namespace EventTracking;

/// <summary>
/// Sends batches of events to a collector as an HTTP POST of a JSON array of canonical events, retrying transient
/// failures through Microsoft.Extensions.Http.Resilience.
/// </summary>
/// <remarks>
/// <para>
/// Transport: with an <see cref="IHttpClientFactory"/>, the client named <see cref="HttpClientName"/> (register it with
/// <see cref="EventTrackingHttpClientServiceCollectionExtensions.AddEventTrackingHttpClient"/>, which adds the resilience
/// handler; a client registered otherwise does not retry); without one, a process-wide shared client built from the same
/// pipeline definition.
/// </para>
/// <para>
/// Outcomes of one send: a 2xx returns normally. 408, 429, 5xx, network errors and per-attempt timeouts are retried up to
/// <see cref="HttpBackendOptions.MaxRetries"/> times with exponential backoff and jitter, honouring <c>Retry-After</c>;
/// if they persist the send throws (<see cref="HttpRequestException"/>, or <see cref="TimeoutException"/> when the last
/// attempt timed out) so an <c>AsyncRoutingBackend</c> can retry the batch later or count it as failed. A batch is cut
/// into requests that fit <see cref="HttpBackendOptions.MaxEventsPerRequest"/> and <see cref="HttpBackendOptions.MaxRequestBytes"/>;
/// an event over <see cref="HttpBackendOptions.MaxEventBytes"/> is not sent; on 413 a request is halved; on 400 only
/// the event the collector names by <c>index</c> is dropped (without an index the request is bisected), and the rest is
/// sent again. Any other status
/// means the collector refuses this batch and always will: the batch is counted as dropped (reason <c>rejected</c>),
/// logged with the start of the response body, and the send returns normally so that no router re-sends it (unless
/// <see cref="HttpBackendOptions.ThrowOnRejected"/> asks for an <see cref="EventBatchRejectedException"/>). Returning
/// normally therefore means "delivered, or permanently rejected and counted"; the count of rejected events is reported
/// to a calling <c>AsyncRoutingBackend</c> through <see cref="BatchOutcome.ReportRejected"/>, so it never counts them delivered.
/// </para>
/// <para>
/// Event ids travel inside the body, so a receiver can de-duplicate a batch that is re-sent after a timeout whose
/// request did arrive. Thread-safe.
/// </para>
/// </remarks>
public sealed partial class HttpBackend : IBatchEventBackend, IEventTrackingMeterUser
{
    /// <summary>The name of the <see cref="HttpClient"/> requested from an <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "EventTracking.Http";

    private const int ResponseBodyPrefixBytes = 512;

    private static readonly Lazy<HttpClient> SharedClient = new(CreateSharedClient);

    private readonly Uri _endpoint;
    private readonly bool _gzip;
    private readonly KeyValuePair<string, string>[] _headers;
    private readonly bool _throwOnRejected;
    private readonly HttpDeliverySettings _settings;
    private readonly IHttpClientFactory? _httpClientFactory;
    private readonly ILogger _logger;
    private readonly LogThrottle _rejectionMessages = new(LogThrottle.DefaultInterval, TimeProvider.System);
    private readonly HttpRequestLimits _limits;
    private readonly EventTrackingDropCounter _drops = EventTrackingDiagnostics.CreateDropCounter(nameof(HttpBackend));

    /// <summary>Creates a backend that posts to <see cref="HttpBackendOptions.Endpoint"/>.</summary>
    /// <param name="options">The endpoint and the delivery settings; read once, here.</param>
    /// <param name="httpClientFactory">Supplies the client named <see cref="HttpClientName"/>; <see langword="null"/> uses a shared client.</param>
    /// <param name="logger">Where rejected batches are reported.</param>
    /// <exception cref="ArgumentException">An option is missing or out of range; the message names it.</exception>
    public HttpBackend(HttpBackendOptions options, IHttpClientFactory? httpClientFactory = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _endpoint = Validate(options);
        _gzip = options.Gzip;
        _headers = CollectHeaders(options);
        _throwOnRejected = options.ThrowOnRejected;
        _settings = HttpDeliverySettings.From(options);
        _limits = HttpRequestLimits.From(options);
        _httpClientFactory = httpClientFactory;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The collector URL.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>
    /// Sends one event as a batch of one, synchronously: the calling thread waits for the request and any retries.
    /// Place the backend under an <c>AsyncRoutingBackend</c> so that emitting code never waits for the network.
    /// </summary>
    /// <param name="evt">The event.</param>
    public void Send(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        TrackingEvent[] batch = [evt];
        using var request = CreateRequest(batch);
        HttpResponseMessage response;
        try
        {
            response = Client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (TimeoutRejectedException ex)
        {
            throw TimedOut(ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                HandleFailure(response, ReadPrefix(response), batch.Length);
            }
        }
    }

    /// <summary>
    /// POSTs the batch as JSON arrays cut to fit the collector's limits; see the class remarks for what each outcome does.
    /// </summary>
    /// <param name="batch">The events, in order.</param>
    /// <param name="cancellationToken">Cancels the send, including waits between retries.</param>
    /// <returns>A task that completes when every event is delivered or permanently rejected.</returns>
    /// <exception cref="HttpRequestException">The collector stayed unreachable or kept answering a transient failure.</exception>
    /// <exception cref="TimeoutException">The last attempt timed out.</exception>
    /// <exception cref="EventBatchRejectedException">The collector rejected events and <see cref="HttpBackendOptions.ThrowOnRejected"/> is set.</exception>
    public async ValueTask SendBatchAsync(IReadOnlyList<TrackingEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            return;
        }

        var items = EventBatchBody.SerializeEach(batch);
        var rejections = new List<HttpRejection>();
        var sendable = new List<int>(items.Length);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i].Length > _limits.MaxEventBytes)
            {
                rejections.Add(new HttpRejection(i, null, $"the event is {items[i].Length} bytes; MaxEventBytes is {_limits.MaxEventBytes}"));
            }
            else
            {
                sendable.Add(i);
            }
        }

        foreach (var request in HttpRequestPlan.Cut(sendable, items, _limits.MaxEventsPerRequest, _limits.MaxRequestBytes))
        {
            await SendPartsAsync(request, items, rejections, cancellationToken).ConfigureAwait(false);
        }

        if (rejections.Count > 0)
        {
            Rejected(rejections, batch.Count);
        }
    }

    private HttpClient Client => _httpClientFactory?.CreateClient(HttpClientName) ?? SharedClient.Value;

    private static HttpClient CreateSharedClient() =>
        new(new ResilienceHandler(HttpBackendPipeline.Build()) { InnerHandler = HttpBackendPipeline.CreatePrimaryHandler() })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static Uri Validate(HttpBackendOptions options)
    {
        if (options.Endpoint is not { IsAbsoluteUri: true } endpoint || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"HttpBackendOptions.Endpoint must be an absolute http or https URL, not '{options.Endpoint}'.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"HttpBackendOptions.Timeout must be positive or infinite, not {options.Timeout}.", nameof(options));
        }

        if (options.MaxRetries < 0)
        {
            throw new ArgumentException($"HttpBackendOptions.MaxRetries must not be negative, not {options.MaxRetries}.", nameof(options));
        }

        if (options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            throw new ArgumentException(
                $"HttpBackendOptions.RetryBaseDelay ({options.RetryBaseDelay}) must not be negative nor exceed MaxRetryDelay ({options.MaxRetryDelay}).",
                nameof(options));
        }

        return endpoint;
    }

    private static KeyValuePair<string, string>[] CollectHeaders(HttpBackendOptions options)
    {
        var headers = new Dictionary<string, string>(options.Headers, StringComparer.OrdinalIgnoreCase);
        if (options.ApiKey is { } apiKey)
        {
            headers["X-Api-Key"] = apiKey;
        }

        if (options.BearerToken is { } token)
        {
            headers["Authorization"] = new AuthenticationHeaderValue("Bearer", token).ToString();
        }

        using var probe = new HttpRequestMessage();
        foreach (var (name, value) in headers)
        {
            if (!probe.Headers.TryAddWithoutValidation(name, value))
            {
                throw new ArgumentException($"HttpBackendOptions.Headers: '{name}' cannot be sent as a request header.", nameof(options));
            }
        }

        return [.. headers];
    }

    private HttpRequestMessage CreateRequest(IReadOnlyList<TrackingEvent> batch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = EventBatchBody.Create(batch, _gzip) };
        foreach (var (name, value) in _headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(HttpBackendPipeline.SettingsKey, _settings);
        return request;
    }

    private void HandleFailure(HttpResponseMessage response, string bodyPrefix, int eventCount)
    {
        var status = response.StatusCode;
        if (HttpBackendPipeline.IsTransient(status))
        {
            throw new HttpRequestException(
                $"The collector at {_endpoint} answered {(int)status} {status} after up to {_settings.MaxRetries} retries; the batch of {eventCount} events was not delivered. {LogText.Escape(bodyPrefix)}",
                null,
                status);
        }

        var rejected = new EventBatchRejectedException(_endpoint, status, bodyPrefix, eventCount);
        _drops.Count("rejected", eventCount);
        if (_rejectionMessages.TryAcquire(out var suppressed))
        {
            HttpBackendLog.BatchRejected(_logger, rejected, _endpoint, eventCount, (int)status, LogText.Escape(bodyPrefix), suppressed);
        }

        if (_throwOnRejected)
        {
            throw rejected;
        }
    }

    private TimeoutException TimedOut(TimeoutRejectedException ex) =>
        new($"The collector at {_endpoint} did not answer within {_settings.Timeout} on any of {_settings.MaxRetries + 1} attempts.", ex);

    // The body is read only to report a failure, and is bounded in size and time: a server that sends headers and then
    // stalls must not hold the batch forever.
    private async Task<string> ReadPrefixAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.Timeout);
        var buffer = new byte[ResponseBodyPrefixBytes];
        var length = 0;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), timeout.Token).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Keep what arrived; the status alone already says what happened.
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    private string ReadPrefix(HttpResponseMessage response)
    {
        using var timeout = new CancellationTokenSource(_settings.Timeout);
        using var abort = timeout.Token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        var buffer = new byte[ResponseBodyPrefixBytes];
        var length = 0;
        try
        {
            using var stream = response.Content.ReadAsStream();
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or ObjectDisposedException)
        {
            // Keep what arrived; the status alone already says what happened.
        }

        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <inheritdoc />
    public void UseMeterFactory(System.Diagnostics.Metrics.IMeterFactory meterFactory) => _drops.UseMeterFactory(meterFactory);
}
