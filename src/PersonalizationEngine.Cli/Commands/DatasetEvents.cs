using Google.Protobuf.WellKnownTypes;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.Cli.Commands;

/// <summary>Turns data-set rows into API messages.</summary>
public static class DatasetEvents
{
    public static Event ToEvent(DatasetInteraction row)
    {
        var e = Message(row);
        // Units feed the demand forecast; one unit needs no context.
        if (row is { Kind: DatasetInteractionKind.Purchase or DatasetInteractionKind.Return, Quantity: not 1 })
            e.Context["quantity"] = row.Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return e;
    }

    private static Event Message(DatasetInteraction row) => new()
    {
        EventId = row.EventId,
        CustomerId = row.CustomerId,
        ProductId = row.ProductId,
        Type = row.Kind switch
        {
            DatasetInteractionKind.View => EventType.View,
            DatasetInteractionKind.Click => EventType.Click,
            DatasetInteractionKind.AddToCart => EventType.AddToCart,
            DatasetInteractionKind.Purchase => EventType.Purchase,
            DatasetInteractionKind.Rating => EventType.Rating,
            DatasetInteractionKind.Return => EventType.Return,
            _ => throw new ArgumentOutOfRangeException(nameof(row), row.Kind, null),
        },
        Value = row.Value,
        OccurredAt = Timestamp.FromDateTimeOffset(row.OccurredAt),
    };

    public static Product ToProduct(DatasetProduct product) => new()
    {
        ProductId = product.ProductId,
        Title = product.Title,
        Category = product.Category,
        Price = product.Price,
        Available = true,
    };
}
