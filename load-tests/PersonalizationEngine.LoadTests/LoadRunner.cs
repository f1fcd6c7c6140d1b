using System.Diagnostics;
using Grpc.Core;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Drives a scenario in one of two load models. Open: steps start at a constant rate on an
/// <see cref="ArrivalSchedule"/> whether or not earlier ones have finished, and a step's first call is timed
/// from its intended start (from the actual one when it left early), so a stalled server is charged for
/// the queue it caused. Closed: a fixed number of callers, each starting its next step when the last one
/// finished. Steps that start during the warm-up are not recorded.
/// </summary>
public sealed class LoadRunner(PersonalizationClient client, Scenario scenario, IdSpace ids, ScenarioSettings settings, AcknowledgedEvents? acknowledged = null)
{
    /// <summary>Runs for the report's warm-up plus duration and records into it.</summary>
    public async Task RunOpenAsync(double ratePerSecond, LoadReport report)
    {
        var (warmup, duration) = (report.Warmup, report.Duration);
        var schedule = new ArrivalSchedule(ratePerSecond);
        var clock = Stopwatch.StartNew();
        // A thread of its own paces the sends: the thread pool's timers wake a millisecond or two late, and
        // a spinning loop would take a core from the server it measures.
        var steps = await Task.Factory.StartNew(() => Pace(schedule, warmup, duration, clock, report), TaskCreationOptions.LongRunning);
        await Task.WhenAll(steps);
    }

    private List<Task> Pace(ArrivalSchedule schedule, TimeSpan warmup, TimeSpan duration, Stopwatch clock, LoadReport report)
    {
        var total = schedule.CountWithin(warmup + duration);
        var recordedFrom = schedule.CountWithin(warmup);
        var steps = new List<Task>((int)Math.Min(total, 10_000_000));
        for (long i = 0; i < total; i++)
        {
            var due = schedule.DueAt(i);
            // Sleep whole milliseconds, rounded down: the step starts at most a millisecond early (its
            // latency then counts from when it started) or a little late (then from when it was due).
            var wait = due - clock.Elapsed;
            if (wait >= TimeSpan.FromMilliseconds(1)) Thread.Sleep((int)wait.TotalMilliseconds);
            var recorder = i >= recordedFrom ? report : null;
            var started = clock.Elapsed;
            recorder?.SendLag.Record(started > due ? started - due : TimeSpan.Zero, LoadResult.OkOutcome);
            steps.Add(RunStepAsync(clock, started > due ? due : started, recorder));
        }
        return steps;
    }

    public async Task RunClosedAsync(int callers, LoadReport report)
    {
        var (warmup, duration) = (report.Warmup, report.Duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < warmup + duration)
            {
                var started = clock.Elapsed;
                await RunStepAsync(clock, started, started >= warmup ? report : null);
            }
        }));
    }

    private async Task RunStepAsync(Stopwatch clock, TimeSpan intended, LoadReport? report)
    {
        // Random is not thread-safe; Random.Shared is, and steps run concurrently.
        var step = new StepContext(client, ids, settings, Random.Shared, clock, intended, report, acknowledged);
        try
        {
            await Task.Yield();
            await scenario.Step(step);
        }
        catch (RpcException)
        {
            // Already recorded under the call's operation; the step ends there.
        }
    }
}
