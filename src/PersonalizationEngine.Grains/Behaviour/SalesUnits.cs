using System.Globalization;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.ML.Forecasting;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>
/// What a purchase or a return does to a product's sales: units from the event's "quantity" context (1
/// when absent), revenue from its value; a return subtracts both. The product grain's live series and the
/// forecasting trainer both count sales with this.
/// </summary>
public static class SalesUnits
{
    public const string QuantityKey = "quantity";

    /// <summary>The net units and revenue the event adds to the product's sales at its time; null for events that are not sales.</summary>
    public static (double Units, double Revenue)? Of(TrackedEvent e) => Of(e.Type, e.Value, QuantityOf(e));

    /// <summary><see cref="Of(TrackedEvent)"/> for an event already read: its type, value and <see cref="QuantityOf"/>.</summary>
    public static (double Units, double Revenue)? Of(InteractionType type, double value, double quantity)
    {
        if (type is not (InteractionType.Purchase or InteractionType.Return)) return null;
        var revenue = Math.Abs(value);
        return type == InteractionType.Purchase ? (quantity, revenue) : (-quantity, -revenue);
    }

    /// <summary>Adds a sale to a product's daily and hourly series (<see cref="SalesClock"/>), each kept to its bound.</summary>
    public static void Record(DateTimeOffset at, (double Units, double Revenue) sale, SalesSeries daily, SalesSeries hourly, EngineGrainOptions bounds)
    {
        daily.Add(SalesClock.DayOf(at), sale.Units, sale.Revenue, bounds.SalesHistoryDays);
        hourly.Add(SalesClock.HourOf(at), sale.Units, sale.Revenue, bounds.SalesHistoryHours);
    }

    /// <summary>The event's "quantity" context; 1 when it has none or it is not a quantity.</summary>
    public static double QuantityOf(TrackedEvent e) =>
        e.Context?.GetValueOrDefault(QuantityKey) is { } text && TryParseQuantity(text, out var quantity) ? quantity : 1;

    /// <summary>A quantity is a finite, positive number ("3", "2.5").</summary>
    public static bool TryParseQuantity(string text, out double quantity) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out quantity) && double.IsFinite(quantity) && quantity > 0;
}
