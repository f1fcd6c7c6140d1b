using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// Retrains the recommendation model on a schedule and after enough new events. One per model
/// (key <see cref="DefaultKey"/>), so exactly one trainer runs in the cluster.
/// </summary>
public interface IRecommendationTrainerGrain : IGrainWithStringKey
{
    public const string DefaultKey = "recommendation";

    /// <summary>Activates the trainer and its schedule (idempotent).</summary>
    Task StartAsync();

    /// <summary>Trains now; returns the run, published or not.</summary>
    Task<ModelVersionInfo> RetrainAsync();
}
