using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Propensity;

/// <summary>The customer embedding offline evaluations train for themselves: implicit ALS on behaviour events, weighted as the engine weighs them.</summary>
public static class TasteModel
{
    /// <summary>The trained model's snapshot; null without events.</summary>
    public static ItemFactorSnapshot? Train(IEnumerable<CustomerEvent> events, ImplicitAlsOptions options)
    {
        var interactions = events.Select(e => new Interaction(e.CustomerId, e.ProductId, e.Kind.Weight(), e.OccurredAt)).ToList();
        if (interactions.Count == 0) return null;
        var model = new ImplicitAlsModel(options);
        model.Fit(InteractionMatrix.Build(interactions));
        return model.ToSnapshot();
    }
}
