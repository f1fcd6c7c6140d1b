using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// Holds the retraining schedule: a grain timer checks every CheckInterval whether RetrainInterval has
/// passed or RetrainAfterEvents new events arrived, and trains. Training runs on the thread pool, off the
/// grain scheduler; the grain is not reentrant, so runs never overlap. Serving never waits for it.
/// A published version is announced to every silo's replica, which then fetches it with
/// <see cref="GetSnapshotAsync"/>; a replica that misses the announcement catches up when it renews.
/// </summary>
public sealed class RecommendationTrainerGrain(
    IRecommendationTraining training, IOptions<TrainingOptions> options, TimeProvider time, ILogger<RecommendationTrainerGrain> logger)
    : Grain, IRecommendationTrainerGrain
{
    private readonly TrainingOptions _options = options.Value;
    // A replica renews every ReplicaSyncInterval; three missed renewals mean its silo is gone.
    private readonly ObserverManager<IModelPublicationObserver> _replicas = new(options.Value.ReplicaSyncInterval * 3, logger);
    private IGrainTimer? _timer;
    // The last run, published or not, so a rejected candidate is not retrained on every tick.
    private (long Events, DateTimeOffset At)? _lastRun;

    public Task StartAsync()
    {
        _timer ??= this.RegisterGrainTimer(CheckAsync, new GrainTimerCreationOptions(_options.CheckInterval, _options.CheckInterval));
        return Task.CompletedTask;
    }

    public async Task<ModelVersionInfo> RetrainAsync()
    {
        var run = await Task.Run(() => training.TrainAsync(CancellationToken.None));
        _lastRun = (run.Events, run.TrainedAt);
        logger.LogInformation("Recommendation model v{Version}: {Note} ({Seconds:F1} s, {Events} events)", run.Version, run.Note, run.TrainingSeconds, run.Events);
        if (run.Published) await _replicas.Notify(replica => replica.OnModelPublished(run));
        return run;
    }

    public Task SubscribeAsync(IModelPublicationObserver replica)
    {
        _replicas.Subscribe(replica, replica);
        return Task.CompletedTask;
    }

    public Task<ModelVersionInfo?> GetPublishedAsync() => Task.FromResult(training.Current);

    public Task<byte[]?> GetSnapshotAsync(int version) => Task.FromResult(training.ReadSnapshot(version));

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var last = _lastRun ?? (training.Current is { } current ? (current.Events, current.TrainedAt) : null);
        var newEvents = training.EventCount - (last?.Events ?? 0);
        var due = last is null || time.GetUtcNow() - last.Value.At >= _options.RetrainInterval;
        if (newEvents <= 0 || (!due && newEvents < _options.RetrainAfterEvents)) return;
        try
        {
            await RetrainAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Scheduled training of the recommendation model failed; the serving model stays");
        }
    }
}
