namespace PersonalizationEngine.ML.Datasets;

/// <summary>What kind of interaction a data-set row records.</summary>
public enum DatasetInteractionKind
{
    View,
    Click,
    AddToCart,
    Purchase,
    Rating,
    Return,
}

/// <summary>
/// One interaction read from a public data set or generated for the demo shop. <see cref="EventId"/> is derived from the row so that
/// importing the same file twice does not count anything twice. <see cref="Value"/> is the rating for
/// ratings, the amount paid for purchases and refunded for returns; <see cref="Quantity"/> the units a
/// purchase bought or a return brought back.
/// </summary>
public sealed record DatasetInteraction(
    string EventId,
    string CustomerId,
    string ProductId,
    DatasetInteractionKind Kind,
    double Value,
    DateTimeOffset OccurredAt,
    double Quantity = 1);
