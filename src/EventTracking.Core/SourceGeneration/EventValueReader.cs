namespace EventTracking.SourceGeneration;

/// <summary>
/// Reads the values of one type into an event's dictionary. Written by the EventTracking source generator for the types
/// an application passes to <see cref="ITracker.Emit"/>, <see cref="ITracker.Context"/> and their kin; not meant to be
/// written by hand.
/// </summary>
/// <param name="value">An instance of the type the reader was generated for; never <see langword="null"/>.</param>
/// <param name="writer">Where the reader writes each property under its JSON name.</param>
public delegate void EventValueReader(object value, EventValueWriter writer);
