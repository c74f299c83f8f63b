namespace EventTracking;

/// <summary>
/// The alphabet of event names. A name is well-formed Unicode text without control
/// characters (C0, DEL, C1: CR, LF, TAB, ESC, NEL, …), format characters (Unicode category Cf, such as U+200B or the
/// bidirectional overrides U+202A–U+202E), U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR or unpaired surrogates.
/// Letters, digits, spaces, punctuation (dots, slashes, colons, …), symbols and well-formed surrogate pairs are allowed.
/// </summary>
/// <remarks>
/// <see cref="Tracker.Emit"/> drops an event whose name is outside the alphabet and counts it on the
/// <c>EventTracking</c> meter (<c>eventtracking.events.dropped</c>, reason <c>invalid_name</c>);
/// <see cref="Tracker.EmitAsync"/> and <see cref="Tracker.DeliverAsync"/> throw <see cref="ArgumentException"/>; the
/// collector answers 400. A name in the alphabet can be written to a log line without breaking it. Lengths are not
/// limited here (the collector has its own limit), and an empty name is allowed here because a
/// <see cref="TrackingEvent"/> may carry one (Microticks stores an empty action as the original did);
/// <see cref="Tracker.Emit"/> names a <see langword="null"/> or blank name <c>unknown</c>.
/// </remarks>
public static class EventNames
{
    /// <summary>The reason <see cref="Tracker.Emit"/> counts a dropped event with an invalid name under.</summary>
    public const string InvalidNameDropReason = "invalid_name";

    /// <summary>Whether <paramref name="name"/> is in the allowed alphabet.</summary>
    /// <param name="name">The name.</param>
    /// <returns><see langword="true"/> if it is allowed; <see langword="false"/> for <see langword="null"/>.</returns>
    public static bool IsValid(string? name) => name is not null && LogText.FirstUnsafe(name) < 0;

    /// <summary>Says what is wrong with a name, or <see langword="null"/> when it is allowed.</summary>
    /// <param name="name">The name.</param>
    /// <returns>A short reason naming the first offending character (escaped) and its position, or <see langword="null"/>.</returns>
    public static string? Describe(string? name)
    {
        if (name is null)
        {
            return "an event name must not be null";
        }

        var index = LogText.FirstUnsafe(name);
        return index < 0
            ? null
            : $"the event name '{LogText.Escape(name, 64)}' holds U+{(int)name[index]:X4} at position {index}; names may not contain control or format characters, line or paragraph separators, or unpaired surrogates";
    }
}
