using Microsoft.Extensions.Options;
using PersonalizationEngine.ML;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// Runs model training on the thread pool with at most <see cref="Threads"/> threads, so that requests
/// keep the other cores (docs/benchmarks.md, "Model swaps under load"): the parallel loops of training
/// honour <see cref="TrainingThreads"/>, and trainers with threads of their own (ML.NET FastTree) are
/// given <see cref="Threads"/> explicitly.
/// </summary>
public sealed class TrainingScheduler(IOptions<TrainingOptions> options)
{
    public int Threads { get; } = options.Value.Threads > 0 ? options.Value.Threads : Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Runs <paramref name="work"/> off the caller's scheduler, its parallel loops limited to <see cref="Threads"/>.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work) => Task.Run(() =>
    {
        TrainingThreads.LimitTo(Threads);
        return work();
    });
}
