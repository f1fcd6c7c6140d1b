using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Server.Training;

/// <summary>Activates every model's trainer grain (and so its schedule) once the silo runs.</summary>
public sealed class TrainerStartupService(IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(ModelNames.All.Select(model => grains.ByKey<IModelTrainerGrain>(model).StartAsync()));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
