using System.Runtime.CompilerServices;

// EventQuery moved to EventTracking.Core so every store's reader answers it (EventReaderExtensions.QueryAsync);
// applications compiled against an earlier EventTracking.Sqlite still find it.
[assembly: TypeForwardedTo(typeof(EventTracking.EventQuery))]
