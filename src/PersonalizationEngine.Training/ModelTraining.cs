using PersonalizationEngine.Grains;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Activity;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// What every model's training shares: it reads this silo's event log (through the snapshot the runs of a
/// check share, <see cref="TrainingLog"/>), records its runs in the model's store, and runs one training at
/// a time (a scheduled run and a Retrain call never overlap).
/// </summary>
public abstract class ModelTraining<TModel>(TrainingLog log, ModelStore<TModel> store) : IModelTraining
    where TModel : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected ModelStore<TModel> Store => store;

    public string Model => store.Model;

    public abstract ModelSchedule Schedule { get; }

    public long EventCount => log.EventCount;

    public ModelVersionInfo? Current => store.Current?.Info;

    public byte[]? ReadSnapshot(int version) => store.ReadSnapshot(version);

    public async Task<ModelVersionInfo> TrainAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        using var span = EngineActivities.Source.StartActivity($"train {Model}");
        try
        {
            var run = Train();
            span?.SetTag("pe.model", Model).SetTag("pe.model.version", run.Version).SetTag("pe.model.published", run.Published)
                .SetTag("pe.model.events", run.Events).SetTag("pe.model.note", run.Note);
            return run;
        }
        catch (Exception ex)
        {
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            log.RunEnded();
            _gate.Release();
        }
    }

    /// <summary>Every event in the log so far.</summary>
    protected IReadOnlyList<LoggedEvent> ReadLog() => log.Snapshot().Events;

    /// <summary>
    /// The log's behaviour events (views, carts, purchases) as the activity features count them, in log order.
    /// </summary>
    protected List<CustomerEvent> ReadBehaviour()
    {
        var events = ReadLog();
        // Sized for every event of the log (most are behaviour): growing a list of millions copies it several times.
        var behaviour = new List<CustomerEvent>(events.Count);
        foreach (var e in events)
        {
            if (e.ProductId is not { } productId) continue;
            if (BehaviourKinds.Of(e.Type) is { } kind) behaviour.Add(new CustomerEvent(e.CustomerId, productId, kind, e.Value, e.OccurredAt));
        }
        return behaviour;
    }

    /// <summary>Starts a run: takes the next version number and the log's size now.</summary>
    protected TrainingRun<TModel> StartRun(string algorithm, TimeProvider time) => new(store, algorithm, log.EventCount, time);

    /// <summary>One run: trains, validates, and records or publishes it in the store. CPU-heavy.</summary>
    protected abstract ModelVersionInfo Train();
}
