namespace EventTracking;

/// <summary>
/// The event-tracking configuration is wrong: an unknown or missing backend type, an option that does not exist or
/// has a bad value. Thrown while the host starts, so a mistake never waits for the first event.
/// </summary>
/// <remarks>Each entry of <see cref="Errors"/> begins with the configuration path it concerns, such as
/// <c>EventTracking:Backends:store:Options:Capacity must be &gt; 0</c>.</remarks>
public sealed class EventTrackingConfigurationException : InvalidOperationException
{
    /// <summary>Creates an exception reporting one mistake.</summary>
    /// <param name="error">The mistake, beginning with its configuration path.</param>
    /// <param name="innerException">The fault that revealed it, if any.</param>
    public EventTrackingConfigurationException(string error, Exception? innerException = null)
        : base(error, innerException)
    {
        Errors = [error];
    }

    /// <summary>Creates an exception reporting every mistake found.</summary>
    /// <param name="errors">The mistakes, each beginning with its configuration path.</param>
    public EventTrackingConfigurationException(IReadOnlyList<string> errors)
        : base(Format(errors))
    {
        Errors = errors;
    }

    /// <summary>Every mistake found, each beginning with its configuration path.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string Format(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count == 1
            ? errors[0]
            : $"The event-tracking configuration has {errors.Count} errors:{Environment.NewLine}"
              + string.Join(Environment.NewLine, errors.Select(e => "- " + e));
    }
}
