using System.Diagnostics;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Serving;

namespace PersonalizationEngine.Training;

/// <summary>
/// One training run as its model's store records it: its version, the log size it started from and its
/// clock. It ends either recorded without a model (<see cref="NotPublished"/>: too little data, or worse
/// than the serving model) or published with one (<see cref="Publish"/>).
/// </summary>
public sealed class TrainingRun<TModel>
    where TModel : class
{
    private readonly ModelStore<TModel> _store;
    private readonly string _algorithm;
    private readonly TimeProvider _time;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public TrainingRun(ModelStore<TModel> store, string algorithm, long events, TimeProvider time)
    {
        _store = store;
        _algorithm = algorithm;
        _time = time;
        Events = events;
        Version = store.NextVersion();
    }

    public int Version { get; }

    /// <summary>Events in the log when the run started.</summary>
    public long Events { get; }

    public ModelVersionInfo NotPublished(string note, IReadOnlyDictionary<string, double>? metrics = null)
    {
        var run = Info(metrics ?? new Dictionary<string, double>(), published: false, note);
        _store.Record(run);
        return run;
    }

    public ModelVersionInfo Publish(TModel model, IReadOnlyDictionary<string, double> metrics, string note = "published")
    {
        var run = Info(metrics, published: true, note);
        _store.Publish(run, model);
        return run;
    }

    private ModelVersionInfo Info(IReadOnlyDictionary<string, double> metrics, bool published, string note) =>
        new(Version, _algorithm, _time.GetUtcNow(), _clock.Elapsed.TotalSeconds, Events, metrics, published, note);
}
