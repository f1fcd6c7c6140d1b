using Microsoft.Extensions.Options;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Grains.Tests;

public sealed class TrainingSchedulerTests
{
    /// <summary>Runs one of training's parallel loops (item-to-item rows) and reports how many of its bodies ever ran at once.</summary>
    private static async Task<int> MostAtOnceAsync(TrainingScheduler scheduler)
    {
        var running = 0;
        var most = 0;
        await scheduler.RunAsync(() =>
        {
            ItemNeighbors.FromRows(100, 5, "probe", (item, row) =>
            {
                InterlockedMax(ref most, Interlocked.Increment(ref running));
                Thread.Sleep(10);
                row[(item + 1) % 100] = 1;
                Interlocked.Decrement(ref running);
            });
            return Task.FromResult(0);
        });
        return most;
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }

    [Fact]
    public async Task Parallel_loops_in_training_use_no_more_than_the_configured_threads()
    {
        var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 1 }));

        Assert.Equal(1, scheduler.Threads);
        Assert.Equal(1, await MostAtOnceAsync(scheduler));
    }

    [Fact]
    public async Task More_threads_let_the_loop_spread_and_the_default_is_half_the_cores()
    {
        var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 3 }));

        Assert.InRange(await MostAtOnceAsync(scheduler), 1, 3);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), new TrainingScheduler(Options.Create(new TrainingOptions())).Threads);
    }
}
