using System.Globalization;
using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>
/// What a purchase or a return does to a product's sales: units from the event's "quantity" context (1
/// when absent), revenue from its value; a return subtracts both. The product grain's live series and the
/// forecasting trainer both count sales with this.
/// </summary>
public static class SalesUnits
{
    public const string QuantityKey = "quantity";

    /// <summary>The product's day (UTC) and the net units and revenue the event adds to it; null for events that are not sales.</summary>
    public static (DateOnly Day, double Units, double Revenue)? Of(TrackedEvent e) => Of(e.Type, e.OccurredAt, e.Value, QuantityOf(e));

    /// <summary><see cref="Of(TrackedEvent)"/> for an event already read: its type, time, value and <see cref="QuantityOf"/>.</summary>
    public static (DateOnly Day, double Units, double Revenue)? Of(InteractionType type, DateTimeOffset occurredAt, double value, double quantity)
    {
        if (type is not (InteractionType.Purchase or InteractionType.Return)) return null;
        var day = DateOnly.FromDateTime(occurredAt.UtcDateTime);
        var revenue = Math.Abs(value);
        return type == InteractionType.Purchase ? (day, quantity, revenue) : (day, -quantity, -revenue);
    }

    /// <summary>The event's "quantity" context; 1 when it has none or it is not a quantity.</summary>
    public static double QuantityOf(TrackedEvent e) =>
        e.Context?.GetValueOrDefault(QuantityKey) is { } text && TryParseQuantity(text, out var quantity) ? quantity : 1;

    /// <summary>A quantity is a finite, positive number ("3", "2.5").</summary>
    public static bool TryParseQuantity(string text, out double quantity) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out quantity) && double.IsFinite(quantity) && quantity > 0;
}
