using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Keeps this silo serving the latest published version of one model, wherever in the cluster its
/// trainer runs: it subscribes to the trainer's announcements and, when one arrives (or, as a fallback,
/// every ReplicaSyncInterval), fetches a newer snapshot from the trainer and swaps it in. The swap is one
/// reference assignment in <see cref="ModelStore{TModel}"/>: no request fails or waits for it.
/// On the trainer's own silo the model is already current, so nothing is fetched.
/// </summary>
public sealed class ModelReplicaService<TModel>(
    IGrainFactory grains, ModelStore<TModel> store, IOptions<TrainingOptions> options, ILogger<ModelReplicaService<TModel>> logger)
    : BackgroundService, IModelPublicationObserver
    where TModel : class
{
    private readonly SemaphoreSlim _syncGate = new(1, 1);

    private IModelTrainerGrain Trainer => grains.ByKey<IModelTrainerGrain>(store.Model);

    public Task OnModelPublished(ModelVersionInfo published)
    {
        // The announcement returns at once; the fetch runs on the thread pool.
        _ = Task.Run(() => SyncAsync(published, CancellationToken.None));
        return Task.CompletedTask;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var self = grains.CreateObjectReference<IModelPublicationObserver>(this);
        using var timer = new PeriodicTimer(options.Value.ReplicaSyncInterval);
        do
        {
            try
            {
                await Trainer.SubscribeAsync(self);
                if (await Trainer.GetPublishedAsync() is { } published) await SyncAsync(published, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not reach the {Model} trainer; will retry", store.Model);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
        grains.DeleteObjectReference<IModelPublicationObserver>(self);
    }

    private async Task SyncAsync(ModelVersionInfo published, CancellationToken cancellationToken)
    {
        await _syncGate.WaitAsync(cancellationToken);
        try
        {
            if (store.Current?.Info.Version >= published.Version) return;
            var bytes = await Trainer.GetSnapshotAsync(published.Version);
            if (bytes is null) return;
            store.Publish(published, bytes);
            logger.LogInformation("Serving {Model} model v{Version} trained on another silo", store.Model, published.Version);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Fetching {Model} model v{Version} failed; the next sync retries", store.Model, published.Version);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
