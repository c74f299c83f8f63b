using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace EventTracking;

/// <summary>
/// The one definition of how <see cref="HttpBackend"/> requests are retried and timed out. The DI client
/// (<see cref="EventTrackingHttpClientServiceCollectionExtensions.AddEventTrackingHttpClient"/>) and the shared client
/// used without DI both build their resilience handler from <see cref="Configure"/>.
/// </summary>
/// <remarks>
/// Retries 408, 429, 5xx, network errors and per-attempt timeouts with exponential backoff and jitter, honouring
/// <c>Retry-After</c>. The limits come from the <see cref="HttpDeliverySettings"/> each request carries, so backends with
/// different options can share one named client; Polly's own attempt limit is therefore left open and the per-request
/// limit is applied in the predicate, and the delay (backoff or <c>Retry-After</c>) is computed here from the same settings.
/// </remarks>
internal static class HttpBackendPipeline
{
    /// <summary>The resilience handler's pipeline name.</summary>
    public const string PipelineName = "EventTracking.Http";

    /// <summary>The request option that carries a backend's settings.</summary>
    public static readonly HttpRequestOptionsKey<HttpDeliverySettings> SettingsKey = new("EventTracking.HttpDeliverySettings");

    /// <summary>Adds the retry strategy and, inside it, the per-attempt timeout.</summary>
    /// <param name="builder">The pipeline builder.</param>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder)
    {
        builder
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args)),
                DelayGenerator = static args => ValueTask.FromResult<TimeSpan?>(RetryDelay(args)),
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = static args => ValueTask.FromResult(SettingsOf(args.Context).Timeout),
            });
    }

    /// <summary>Builds the pipeline for a handler made without DI.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Build()
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        Configure(builder);
        return builder.Build();
    }

    /// <summary>The innermost handler: no redirects (a redirected POST would lose its body), connections recycled for DNS changes.</summary>
    public static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>Whether a status means "try again later" rather than "this batch is wrong".</summary>
    /// <param name="status">The response status.</param>
    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    private static bool ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        var settings = SettingsOf(args.Context);
        if (args.AttemptNumber >= settings.MaxRetries
            || !HttpClientResiliencePredicates.IsTransient(args.Outcome))
        {
            return false;
        }

        // A server asking for a longer pause than we are willing to wait in-process is honoured by giving up now.
        return RetryAfter(args.Outcome.Result) is not { } wait || wait <= settings.MaxRetryDelay;
    }

    private static TimeSpan RetryDelay(RetryDelayGeneratorArguments<HttpResponseMessage> args)
    {
        if (RetryAfter(args.Outcome.Result) is { } wait)
        {
            return wait;
        }

        var settings = SettingsOf(args.Context);
        var backoff = settings.RetryBaseDelay * Math.Pow(2, Math.Min(args.AttemptNumber, 30));
        var capped = backoff < settings.MaxRetryDelay ? backoff : settings.MaxRetryDelay;

        // "Equal jitter": between half and all of the backoff, so a fleet of clients spreads out but never hammers.
        return capped * (0.5 + (Random.Shared.NextDouble() / 2));
    }

    internal static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date - DateTimeOffset.UtcNow);
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static HttpDeliverySettings SettingsOf(ResilienceContext context) =>
        context.GetRequestMessage() is { } request && request.Options.TryGetValue(SettingsKey, out var settings)
            ? settings
            : HttpDeliverySettings.Default;
}
