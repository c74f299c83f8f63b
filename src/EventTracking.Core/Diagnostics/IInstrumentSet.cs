using System.Diagnostics.Metrics;

namespace EventTracking;

/// <summary>A set of instruments that is created again on the meter the library moves to.</summary>
internal interface IInstrumentSet
{
    /// <summary>Creates the set's instruments on <paramref name="meter"/>; later measurements go there.</summary>
    void MoveTo(Meter meter);
}
