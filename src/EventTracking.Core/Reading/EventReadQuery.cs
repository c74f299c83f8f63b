using System.Globalization;

namespace EventTracking.Reading;

/// <summary>Which page of stored events to read: a filter, an order, where to continue and how many.</summary>
/// <example><c>new EventReadQuery { Filter = new EventFilter { Name = "navigation.request" }, Limit = 50 }</c></example>
public sealed record EventReadQuery
{
    /// <summary>The largest <see cref="Limit"/> a store accepts.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Which events; every event unless told otherwise.</summary>
    public EventFilter Filter { get; init; } = EventFilter.All;

    /// <summary>Newest first unless told otherwise.</summary>
    public EventOrder Order { get; init; } = EventOrder.NewestFirst;

    /// <summary>
    /// Continue strictly after this position in <see cref="Order"/> (the <see cref="EventPage.Next"/> of the previous
    /// page, or the cursor a tail reached); <see langword="null"/> to start at the beginning of the order.
    /// </summary>
    public EventCursor? After { get; init; }

    /// <summary>The most events in the page: 100 unless told otherwise, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>Checks the filter, the order and the limit.</summary>
    /// <exception cref="ArgumentException">A value is invalid; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Filter, "EventReadQuery.Filter");
        Filter.Validate();
        if (!Enum.IsDefined(Order))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"EventReadQuery.Order has no value {(int)Order}."), nameof(Order));
        }

        if (Limit is < 1 or > MaxLimit)
        {
            throw new ArgumentOutOfRangeException(
                nameof(Limit), Limit, string.Create(CultureInfo.InvariantCulture, $"EventReadQuery.Limit must be between 1 and {MaxLimit}, not {Limit}."));
        }
    }
}
