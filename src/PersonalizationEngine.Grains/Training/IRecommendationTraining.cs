using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Grains.Training;

/// <summary>The training work the trainer grain schedules; the host implements it over its event log and model store.</summary>
public interface IRecommendationTraining
{
    /// <summary>Events in the log now.</summary>
    long EventCount { get; }

    /// <summary>The serving model's run, if any.</summary>
    ModelVersionInfo? Current { get; }

    /// <summary>Trains on the whole log, validates, and publishes unless worse than the serving model. CPU-heavy.</summary>
    Task<ModelVersionInfo> TrainAsync(CancellationToken cancellationToken);

    /// <summary>The saved factors of a published version, as stored; null if this silo does not have it.</summary>
    byte[]? ReadSnapshot(int version);
}
