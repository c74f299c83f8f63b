using System.Text.RegularExpressions;

namespace EventTracking;

/// <summary>
/// Keeps a fraction of events per name pattern, deterministically by user: a user's key (by default the context's
/// <c>user_id</c>) is hashed, and the user is in the sample for every event or for none. Kept events carry the rate in
/// their context (<c>sample_rate</c>), so counts can be scaled back; dropped ones are counted on
/// <c>eventtracking.events.dropped</c> with reason <c>sampled</c>. In configuration: a processor of type <c>Sample</c>.
/// </summary>
/// <remarks>
/// The draw is nested: a user kept at 10 % is also kept at any higher rate with the same <see cref="SamplerOptions.Salt"/>.
/// The hash is a fixed 64-bit function of the salt and the key's text (the number 10938 and the string "10938" draw
/// alike), so the same users are sampled across processes, restarts and machines.
/// </remarks>
public sealed class Sampler : IEventProcessor, IDropReasonProcessor
{
    /// <summary>The <c>reason</c> tag of the events this sampler drops: <c>sampled</c>.</summary>
    public const string DropReasonTag = "sampled";

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly (Regex Pattern, double Rate)[] _rules;
    private readonly string _key;
    private readonly string? _rateField;
    private readonly string _salt;

    /// <summary>Creates a sampler.</summary>
    /// <param name="options">The rules and settings; read once.</param>
    /// <exception cref="ArgumentException">A pattern is not a valid regular expression, a rate is outside 0 to 1, or
    /// <see cref="SamplerOptions.Key"/> is empty; the message names the rule.</exception>
    public Sampler(SamplerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Rules, "options.Rules");
        if (string.IsNullOrWhiteSpace(options.Key))
        {
            throw new ArgumentException("SamplerOptions.Key is empty; the default is 'user_id'.", nameof(options));
        }

        _rules = options.Rules.Select((rule, i) => Compile(rule, i)).ToArray();
        _key = options.Key;
        _rateField = string.IsNullOrEmpty(options.RateField) ? null : options.RateField;
        _salt = options.Salt ?? string.Empty;
    }

    /// <inheritdoc />
    string IDropReasonProcessor.DropReason => DropReasonTag;

    /// <inheritdoc />
    public TrackingEvent? Process(TrackingEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        var rate = RateFor(evt.Name);
        if (rate >= 1.0)
        {
            return evt;
        }

        var key = evt.Context.TryGetValue(_key, out var value) && value is not null ? KeyedHash.TextOf(value) : evt.Id.ToString();
        if (Draw(_salt, key) >= rate)
        {
            return null;
        }

        if (_rateField is null)
        {
            return evt;
        }

        var context = new NormalizedDictionary(evt.Context) { [_rateField] = rate };
        return evt with { Context = context };
    }

    /// <summary>A uniform number in [0, 1) fixed by the salt and the key.</summary>
    internal static double Draw(string salt, string key)
    {
        // FNV-1a over the UTF-16 code units, then MurmurHash3's 64-bit finalizer to spread the bits.
        var hash = 14695981039346656037UL;
        foreach (var c in salt)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ 0xFFFF) * 1099511628211UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        hash *= 0xc4ceb9fe1a85ec53UL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    private double RateFor(string name)
    {
        foreach (var (pattern, rate) in _rules)
        {
            if (pattern.IsMatch(name))
            {
                return rate;
            }
        }

        return 1.0;
    }

    private static (Regex, double) Compile(SamplingRule? rule, int index)
    {
        if (rule is null)
        {
            throw new ArgumentException($"Rules[{index}] is null.", "options");
        }

        if (double.IsNaN(rule.Rate) || rule.Rate is < 0 or > 1)
        {
            throw new ArgumentException($"Rules[{index}].Rate {rule.Rate} is outside 0 to 1.", "options");
        }

        try
        {
            _ = new Regex(rule.Pattern ?? string.Empty, RegexOptions.None, MatchTimeout);
            return (new Regex(@"\A(?:" + rule.Pattern + ")", RegexOptions.CultureInvariant, MatchTimeout), rule.Rate);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"Rules[{index}].Pattern '{rule.Pattern}' is not a valid regular expression: {ex.Message}", "options", ex);
        }
    }
}
