namespace EventTracking.Collector;

/// <summary>Settings of the Pycolytics surface (<c>MapPycolytics</c>).</summary>
public sealed class PycolyticsOptions
{
    /// <summary>
    /// Accept events with no <c>api_key</c> field, as the original server did. Default <see langword="false"/>: such an
    /// event is answered 401 like a wrong key. An <c>api_key</c> that is present must always be valid.
    /// </summary>
    public bool AllowMissingApiKey { get; set; }
}
