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
        using var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 1 }));

        Assert.Equal(1, scheduler.Threads);
        Assert.Equal(1, await MostAtOnceAsync(scheduler));
    }

    [Fact]
    public async Task More_threads_let_the_loop_spread_and_the_default_is_half_the_cores()
    {
        using var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 3 }));
        using var byDefault = new TrainingScheduler(Options.Create(new TrainingOptions()));

        Assert.InRange(await MostAtOnceAsync(scheduler), 1, 3);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), byDefault.Threads);
    }

    [Fact]
    public async Task One_training_runs_at_a_time_and_a_second_waits_for_the_first()
    {
        using var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 2 }));
        var release = new TaskCompletionSource();
        var secondStarted = false;

        var first = scheduler.RunAsync(async () =>
        {
            await release.Task;
            return Volatile.Read(ref secondStarted);
        });
        var second = scheduler.RunAsync(() =>
        {
            Volatile.Write(ref secondStarted, true);
            return Task.FromResult(true);
        });
        await Task.Delay(200);
        Assert.False(Volatile.Read(ref secondStarted));
        release.SetResult();

        Assert.False(await first);
        Assert.True(await second);
    }

    [Fact]
    public async Task Training_and_its_parallel_loops_run_on_the_training_threads_at_a_lower_priority()
    {
        using var scheduler = new TrainingScheduler(Options.Create(new TrainingOptions { Threads = 2 }));
        var threads = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var nices = new System.Collections.Concurrent.ConcurrentBag<int>();

        await scheduler.RunAsync(() =>
        {
            Parallel.For(0, 64, PersonalizationEngine.ML.TrainingThreads.Options, _ =>
            {
                threads.Add(Thread.CurrentThread.Name);
                if (OperatingSystem.IsLinux()) nices.Add(NiceOfThisThread());
                Thread.Sleep(1);
            });
            return Task.FromResult(0);
        });

        Assert.All(threads, name => Assert.StartsWith("training", name));
        if (OperatingSystem.IsLinux())
        {
            Assert.True(scheduler.LowersPriority);
            Assert.All(nices, nice => Assert.Equal(TrainingThreadPool.Nice, nice));
            // The caller's thread keeps its own priority.
            Assert.Equal(0, NiceOfThisThread());
        }
    }

    /// <summary>The calling thread's nice value: field 19 of /proc/thread-self/stat (after the name in parentheses).</summary>
    private static int NiceOfThisThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[16]);
    }
}
