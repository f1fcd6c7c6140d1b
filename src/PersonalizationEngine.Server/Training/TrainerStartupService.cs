using PersonalizationEngine.Contracts.Grains;

namespace PersonalizationEngine.Server.Training;

/// <summary>Activates the trainer grain (and so its schedule) once the silo runs.</summary>
public sealed class TrainerStartupService(IGrainFactory grains) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        grains.GetGrain<IRecommendationTrainerGrain>(IRecommendationTrainerGrain.DefaultKey).StartAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
