using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// The training work of one model that its trainer grain schedules; the host implements it over its
/// event log and model store, and registers one per model.
/// </summary>
public interface IModelTraining
{
    /// <summary>One of <see cref="ModelNames"/>: the trainer grain with this key runs this training.</summary>
    string Model { get; }

    /// <summary>When this model is due for retraining.</summary>
    ModelSchedule Schedule { get; }

    /// <summary>Events in the log now.</summary>
    long EventCount { get; }

    /// <summary>The serving model's run, if any.</summary>
    ModelVersionInfo? Current { get; }

    /// <summary>Trains on the log, validates, and publishes unless worse than the serving model. CPU-heavy.</summary>
    Task<ModelVersionInfo> TrainAsync(CancellationToken cancellationToken);

    /// <summary>The saved model of a published version, as stored; null if this silo does not have it.</summary>
    byte[]? ReadSnapshot(int version);
}
