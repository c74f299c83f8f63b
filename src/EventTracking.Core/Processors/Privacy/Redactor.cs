using System.Net;

namespace EventTracking;

/// <summary>
/// Removes or transforms fields of each event's <c>context</c> and <c>data</c>, by key name or by path: drops them,
/// masks them, replaces them with a keyed hash (HMAC-SHA256) or cuts IP addresses to their network. Put one on the
/// routing node of each store that must not see the raw values: the analytics store gets hashed ids while the audit
/// store beside it keeps them. In configuration: a processor of type <c>Redact</c>.
/// </summary>
/// <remarks>
/// The event is never changed in place (a copy is passed on), so sibling branches still see the original. An event no
/// rule touches is passed on as it is.
/// </remarks>
public sealed class Redactor : IEventProcessor, IFailClosedProcessor
{
    private readonly RedactionTree _tree;
    private readonly byte[]? _key;
    private readonly string _mask;
    private readonly int _ipv4Prefix;
    private readonly int _ipv6Prefix;

    // Events emitted inside the same context share one context dictionary; remember the last one redacted.
    private Cached? _lastContext;

    /// <summary>Creates a redactor.</summary>
    /// <param name="options">The rules and settings; read once.</param>
    /// <exception cref="ArgumentException">A rule is invalid, or a rule hashes and <see cref="RedactorOptions.Secret"/> is
    /// missing or shorter than 16 bytes; the message names the setting (never the secret).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A prefix length is outside its range.</exception>
    public Redactor(RedactorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Rules, "options.Rules");
        _tree = new RedactionTree(options.Rules);
        if (_tree.Hashes || options.Secret is not null)
        {
            _key = KeyedHash.SecretBytes(options.Secret, nameof(RedactorOptions.Secret));
        }

        IpAddressTruncation.ValidatePrefixLengths(options.IPv4PrefixLength, options.IPv6PrefixLength);
        _mask = options.Mask ?? throw new ArgumentNullException("options.Mask", "RedactorOptions.Mask is null; use an empty string to mask with nothing.");
        _ipv4Prefix = options.IPv4PrefixLength;
        _ipv6Prefix = options.IPv6PrefixLength;
        Secret = options.Secret;
    }

    /// <summary>The hashing secret, handed to erasure so it can match hashed ids.</summary>
    internal string? Secret { get; }

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var context = RedactContext(evt.Context);
        var data = Redact(evt.Data, _tree.Data);
        if (ReferenceEquals(context, evt.Context) && ReferenceEquals(data, evt.Data))
        {
            return evt;
        }

        return ReferenceEquals(data, evt.Data) ? evt with { Context = context }
            : ReferenceEquals(context, evt.Context) ? evt with { Data = data }
            : evt with { Context = context, Data = data };
    }

    private IReadOnlyDictionary<string, object?> RedactContext(IReadOnlyDictionary<string, object?> context)
    {
        var cached = Volatile.Read(ref _lastContext);
        if (cached is not null && ReferenceEquals(cached.Input, context))
        {
            return cached.Output;
        }

        var output = Redact(context, _tree.Context);
        Volatile.Write(ref _lastContext, new Cached(context, output));
        return output;
    }

    // Returns the dictionary itself when nothing in it changes, so untouched events are not copied.
    private IReadOnlyDictionary<string, object?> Redact(IReadOnlyDictionary<string, object?> values, RedactionNode? node)
    {
        NormalizedDictionary? copy = null;
        foreach (var (key, value) in values)
        {
            var child = node?.Find(key);
            var action = child?.Action ?? (_tree.Fields.TryGetValue(key, out var byName) ? byName : null);
            bool remove;
            object? replacement;
            if (action is { } act)
            {
                remove = !Apply(act, value, out replacement);
            }
            else
            {
                remove = false;
                replacement = Descend(value, child);
            }

            if (copy is null && (remove || !ReferenceEquals(replacement, value)))
            {
                copy = new NormalizedDictionary(values.Count);
                foreach (var (earlierKey, earlierValue) in values)
                {
                    if (string.Equals(earlierKey, key, StringComparison.Ordinal))
                    {
                        break;
                    }

                    copy[earlierKey] = earlierValue;
                }
            }

            if (copy is not null && !remove)
            {
                copy[key] = replacement;
            }
        }

        return copy ?? values;
    }

    private object? Descend(object? value, RedactionNode? node)
    {
        if (node is null && _tree.Fields.Count == 0)
        {
            return value;
        }

        return value switch
        {
            IReadOnlyDictionary<string, object?> dictionary => Redact(dictionary, node),
            IReadOnlyList<object?> list => Map(list, item => Descend(item, node)),
            _ => value,
        };
    }

    /// <summary>Applies an action; false means remove the field.</summary>
    private bool Apply(RedactionAction action, object? value, out object? replacement)
    {
        replacement = null;
        switch (action)
        {
            case RedactionAction.Mask:
                replacement = value is null ? null : _mask;
                return true;
            case RedactionAction.Hash:
                replacement = value is null ? null : KeyedHash.Compute(_key!, value);
                return true;
            case RedactionAction.TruncateIp:
                replacement = TruncateIp(value);
                return replacement is not null || value is null;
            default:
                return false;
        }
    }

    private object? TruncateIp(object? value) => value switch
    {
        string text => IpAddressTruncation.TruncateText(text, _ipv4Prefix, _ipv6Prefix),
        IPAddress address => IpAddressTruncation.Truncate(address, _ipv4Prefix, _ipv6Prefix).ToString(),
        IReadOnlyList<object?> list => Map(list, TruncateIp),
        _ => null,
    };

    private static IReadOnlyList<object?> Map(IReadOnlyList<object?> list, Func<object?, object?> map)
    {
        NormalizedList? copy = null;
        for (var i = 0; i < list.Count; i++)
        {
            var mapped = map(list[i]);
            if (copy is null && !ReferenceEquals(mapped, list[i]))
            {
                copy = new NormalizedList();
                for (var j = 0; j < i; j++)
                {
                    copy.Add(list[j]);
                }
            }

            copy?.Add(mapped);
        }

        return copy is null ? list : copy;
    }

    private sealed record Cached(IReadOnlyDictionary<string, object?> Input, IReadOnlyDictionary<string, object?> Output);
}
