using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Training;

/// <summary>Activates every registered model's trainer grain (and so its schedule) once the silo runs.</summary>
public sealed class TrainerStartupService(IGrainFactory grains, IEnumerable<IModelTraining> trainings) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(trainings.Select(training => grains.ByKey<IModelTrainerGrain>(training.Model).StartAsync()));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
