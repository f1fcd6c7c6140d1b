using PersonalizationEngine.ML.Datasets;

namespace PersonalizationEngine.ML.Activity;

/// <summary>Data-set rows as the activity features see them (ratings say nothing about buying and are left out).</summary>
public static class CustomerEvents
{
    public static IEnumerable<CustomerEvent> From(IEnumerable<DatasetInteraction> rows)
    {
        foreach (var row in rows)
        {
            BehaviourKind? kind = row.Kind switch
            {
                DatasetInteractionKind.View or DatasetInteractionKind.Click => BehaviourKind.View,
                DatasetInteractionKind.AddToCart => BehaviourKind.AddToCart,
                DatasetInteractionKind.Purchase => BehaviourKind.Purchase,
                _ => null,
            };
            if (kind is { } k) yield return new CustomerEvent(row.CustomerId, row.ProductId, k, row.Value, row.OccurredAt);
        }
    }
}
