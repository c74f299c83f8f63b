using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace EventTracking.Collector;

/// <summary>
/// The read routes: <c>GET /events</c> and <c>GET /sessions</c>, behind the read key, answered from the event store.
/// </summary>
/// <remarks>
/// The key errors are the original's: HTTP 400 with <c>"status":401</c> in the body. Without a configured key the
/// routes answer 404 unless <see cref="MicroticksOptions.AllowAnonymousReads"/> opens them.
/// </remarks>
internal sealed class MicroticksReadAccess
{
    public const string MissingKey = "Please specify an API key using the \"key\" query string parameter.";

    public const string WrongKey = "The key does not seem to be the right one.";

    public const string ReadingDisabled = "Reading is not enabled on this server.";

    private readonly MicroticksReader _reader;
    private readonly MicroticksOptions _options;

    public MicroticksReadAccess(MicroticksReader reader, IOptions<MicroticksOptions> options)
    {
        _reader = reader;
        _options = options.Value;
    }

    public async Task EventsAsync(HttpContext context)
    {
        if (await QueryAsync(context, MicroticksStoreQueries.EventColumns).ConfigureAwait(false) is { } query)
        {
            await _reader.WriteEventsAsync(context, query).ConfigureAwait(false);
        }
    }

    public async Task SessionsAsync(HttpContext context)
    {
        if (await QueryAsync(context, MicroticksStoreQueries.SessionColumns).ConfigureAwait(false) is { } query)
        {
            await _reader.WriteSessionsAsync(context, query).ConfigureAwait(false);
        }
    }

    /// <summary>Checks the key, then the query; answers and returns <see langword="null"/> when either is refused.</summary>
    private async Task<MicroticksReadQuery?> QueryAsync(HttpContext context, IReadOnlyDictionary<string, string> columns)
    {
        var query = context.Request.Query;
        if (_options.ReadKeyHash is not { } hash)
        {
            if (!_options.AllowAnonymousReads)
            {
                await MicroticksResponses.ErrorAsync(context, StatusCodes.Status404NotFound, ReadingDisabled).ConfigureAwait(false);
                return null;
            }
        }
        else if (!query.TryGetValue("key", out var key) || key.Count == 0)
        {
            await MicroticksResponses.DescriptionAsync(context, StatusCodes.Status400BadRequest, MissingKey, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return null;
        }
        else if (!MicroticksKeys.Matches(key[0] ?? string.Empty, hash))
        {
            await MicroticksResponses.DescriptionAsync(context, StatusCodes.Status400BadRequest, WrongKey, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
            return null;
        }

        var parsed = MicroticksReadQuery.Parse(query, columns, _options.MaxReadLimit, out var error);
        if (parsed is null)
        {
            await MicroticksResponses.ErrorAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
        }

        return parsed;
    }
}
