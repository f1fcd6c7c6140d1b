namespace PersonalizationEngine.ML;

/// <summary>
/// How many threads the parallel loops of training may use. The engine limits its trainers so that
/// requests keep cores of their own; offline tools (<c>pe eval</c>) leave it at all cores. The limit is
/// an <see cref="AsyncLocal{T}"/>, so it holds for one flow of work (a training run) and nowhere else.
/// Every <c>Parallel.For</c> of training takes <see cref="Options"/>: a limit on a TaskScheduler alone did
/// not hold (measured: training still used both cores of the 2-core machine with a 1-thread scheduler).
/// </summary>
public static class TrainingThreads
{
    private static readonly AsyncLocal<(int Threads, TaskScheduler? Scheduler)> Limit = new();

    /// <summary>The parallel loop options for the calling flow: at most its limit, on its scheduler; else all cores of the thread pool.</summary>
    public static ParallelOptions Options
    {
        get
        {
            var (threads, scheduler) = Limit.Value;
            return threads > 0 ? new ParallelOptions { MaxDegreeOfParallelism = threads, TaskScheduler = scheduler ?? TaskScheduler.Default } : new ParallelOptions();
        }
    }

    /// <summary>
    /// Limits the parallel loops of the rest of the calling flow (and of the tasks it starts) to
    /// <paramref name="threads"/>, run by <paramref name="scheduler"/> (the thread pool when null).
    /// </summary>
    public static void LimitTo(int threads, TaskScheduler? scheduler = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Limit.Value = (threads, scheduler);
    }
}
