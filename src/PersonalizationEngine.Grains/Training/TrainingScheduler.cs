using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalizationEngine.ML;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// Runs model training so that serving keeps its latency while models train: one training run at a time
/// on this silo (a Retrain of every model at once queues them instead of running five on two cores), on
/// <see cref="Threads"/> threads of its own at a lower priority (<see cref="TrainingThreadPool"/>). The
/// parallel loops of training honour <see cref="TrainingThreads"/> and run on those threads; trainers with
/// threads of their own (ML.NET) are given <see cref="Threads"/> explicitly.
/// </summary>
public sealed class TrainingScheduler : IDisposable
{
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);
    private readonly TrainingThreadPool _threads;
    private readonly QuietCompaction _compaction;
    private int _waiting;

    /// <param name="compaction">The engine's; where none is given, one that is on, logging nowhere.</param>
    public TrainingScheduler(IOptions<TrainingOptions> options, QuietCompaction? compaction = null)
    {
        _compaction = compaction ?? new QuietCompaction(enabled: true, NullLogger<QuietCompaction>.Instance);
        Threads = options.Value.Threads > 0 ? options.Value.Threads : Math.Max(1, Environment.ProcessorCount / 2);
        _threads = new TrainingThreadPool(Threads, options.Value.LowerPriority);
    }

    public int Threads { get; }

    /// <summary>Whether training threads run at a lower priority than requests on this platform.</summary>
    public bool LowersPriority => _threads.LowersPriority;

    /// <summary>Whether runs are queued behind the one running: the trainings of one check, or a Retrain of several models.</summary>
    public bool RunsWaiting => Volatile.Read(ref _waiting) > 0;

    /// <summary>Runs <paramref name="work"/> on the training threads once no other training runs, its parallel loops limited to them.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _oneRunAtATime.WaitAsync();
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        try
        {
            // What went since the last run is collected before this one allocates, so that its peak does not count it.
            await _compaction.BeforeTrainingRunAsync();
            return await _threads.RunAsync(() =>
            {
                TrainingThreads.LimitTo(Threads, _threads);
                return work();
            });
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    public void Dispose() => _threads.Dispose();
}
