using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>
/// Retrains one model (the grain key, one of <see cref="ModelNames"/>) on a schedule and after enough new
/// events, and hands every published version to every silo. One grain per model, so exactly one trainer of
/// each model runs in the cluster.
/// </summary>
public interface IModelTrainerGrain : IGrainWithStringKey
{
    /// <summary>Activates the trainer and its schedule (idempotent).</summary>
    Task StartAsync();

    /// <summary>
    /// Trains now; returns the run, published or not. A training on a large log takes minutes, far past
    /// Orleans' default 30-second response timeout, after which the caller would get an error while the
    /// run goes on and publishes.
    /// </summary>
    [ResponseTimeout("01:00:00")]
    Task<ModelVersionInfo> RetrainAsync();

    /// <summary>
    /// Registers a silo's replica to be told about new versions. Registrations expire, so a replica
    /// renews its own (see TrainingOptions.ReplicaSyncInterval); one that is gone is dropped.
    /// </summary>
    [AlwaysInterleave]
    Task SubscribeAsync(IModelPublicationObserver replica);

    /// <summary>The latest published version, if any. Answered during training too.</summary>
    [AlwaysInterleave]
    Task<ModelVersionInfo?> GetPublishedAsync();

    /// <summary>The saved model of a published version (null if it is not published here).</summary>
    [AlwaysInterleave]
    Task<byte[]?> GetSnapshotAsync(int version);
}
