namespace EventTracking;

/// <summary>Settings of a <see cref="Sampler"/>; in configuration, the <c>Options</c> of a processor of type <c>Sample</c>.</summary>
public sealed class SamplerOptions
{
    /// <summary>The rules, tried in order; the first whose pattern matches decides. Events no rule matches are all kept.</summary>
    public List<SamplingRule> Rules { get; set; } = [];

    /// <summary>
    /// The context key whose value decides which users are in the sample, so a user is in (or out) for every event.
    /// Default <c>user_id</c>. An event without it is sampled on its own (by its id), at the same rate.
    /// </summary>
    public string Key { get; set; } = "user_id";

    /// <summary>The context key the rate is written to on kept events, so counts can be scaled back
    /// (<c>count / sample_rate</c>). Default <c>sample_rate</c>; empty to write nothing.</summary>
    public string RateField { get; set; } = "sample_rate";

    /// <summary>Mixed into the hash, so two samplers with different salts pick independent sets of users. Default empty.</summary>
    public string Salt { get; set; } = string.Empty;
}
