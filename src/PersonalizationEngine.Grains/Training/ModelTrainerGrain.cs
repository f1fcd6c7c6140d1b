using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// Holds one model's retraining schedule (the grain key names the model): a grain timer checks every
/// CheckInterval whether the model's retrain interval has passed or enough new events arrived, and trains.
/// Training runs off the grain scheduler on the training cores (<see cref="TrainingScheduler"/>); the grain is not reentrant, so runs never
/// overlap. Serving never waits for it.
/// A published version is announced to every silo's replica, which then fetches it with
/// <see cref="GetSnapshotAsync"/>; a replica that misses the announcement catches up when it renews.
/// </summary>
public sealed class ModelTrainerGrain(
    IEnumerable<IModelTraining> trainings, TrainingScheduler scheduler, IOptions<TrainingOptions> options, TimeProvider time,
    ILogger<ModelTrainerGrain> logger)
    : Grain, IModelTrainerGrain
{
    private readonly TrainingOptions _options = options.Value;
    private IModelTraining? _training;
    // A replica renews every ReplicaSyncInterval; three missed renewals mean its silo is gone.
    private readonly ObserverManager<IModelPublicationObserver> _replicas = new(options.Value.ReplicaSyncInterval * 3, logger);
    private IGrainTimer? _timer;
    // The last run, published or not, so a rejected candidate is not retrained on every tick.
    private (long Events, DateTimeOffset At)? _lastRun;

    private IModelTraining Training => _training ??= trainings.SingleOrDefault(t => t.Model == this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"No training is registered for model '{this.GetPrimaryKeyString()}'");

    public Task StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(_options.CheckInterval, _options.CheckInterval));
        return Task.CompletedTask;
    }

    public async Task<ModelVersionInfo> RetrainAsync()
    {
        var training = Training;
        var run = await scheduler.RunAsync(() => training.TrainAsync(CancellationToken.None));
        _lastRun = (run.Events, run.TrainedAt);
        logger.LogInformation("{Model} model v{Version}: {Note} ({Seconds:F1} s, {Events} events)", training.Model, run.Version, run.Note, run.TrainingSeconds, run.Events);
        if (run.Published) await _replicas.Notify(replica => replica.OnModelPublished(run));
        return run;
    }

    public Task SubscribeAsync(IModelPublicationObserver replica)
    {
        _replicas.Subscribe(replica, replica);
        return Task.CompletedTask;
    }

    public Task<ModelVersionInfo?> GetPublishedAsync() => Task.FromResult(Training.Current);

    public Task<byte[]?> GetSnapshotAsync(int version) => Task.FromResult(Training.ReadSnapshot(version));

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var training = Training;
        var last = _lastRun ?? (training.Current is { } current ? (current.Events, current.TrainedAt) : null);
        var newEvents = training.EventCount - (last?.Events ?? 0);
        var due = last is null || time.GetUtcNow() - last.Value.At >= training.Schedule.RetrainInterval;
        var firstStart = last is null && training.Schedule.TrainOnFirstStart;
        if (!firstStart && (newEvents <= 0 || (!due && newEvents < training.Schedule.RetrainAfterEvents))) return;
        try
        {
            await RetrainAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Scheduled training of the {Model} model failed; the serving model stays", training.Model);
        }
    }
}
