using System.Diagnostics;
using Grpc.Core;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Drives a scenario in one of two load models. Open: requests are sent at a constant rate on an
/// <see cref="ArrivalSchedule"/> whether or not earlier ones have answered, and latency counts from the
/// intended send time (from the actual one when a request left early). Closed: a fixed number of callers, each sending its next request when the last
/// one answered. Requests that start during the warm-up are not recorded.
/// </summary>
public sealed class LoadRunner(PersonalizationClient client, Scenario scenario, IdSpace ids)
{
    public async Task<LoadResult> RunOpenAsync(double ratePerSecond, TimeSpan warmup, TimeSpan duration)
    {
        var schedule = new ArrivalSchedule(ratePerSecond);
        var result = new LoadResult();
        var clock = Stopwatch.StartNew();
        // A thread of its own paces the sends: the thread pool's timers wake a millisecond or two late, and
        // a spinning loop would take a core from the server it measures.
        var sends = await Task.Factory.StartNew(() => Pace(schedule, warmup, duration, clock, result), TaskCreationOptions.LongRunning);
        await Task.WhenAll(sends);
        return result;
    }

    private List<Task> Pace(ArrivalSchedule schedule, TimeSpan warmup, TimeSpan duration, Stopwatch clock, LoadResult result)
    {
        var total = schedule.CountWithin(warmup + duration);
        var recordedFrom = schedule.CountWithin(warmup);
        var sends = new List<Task>((int)Math.Min(total, 10_000_000));
        for (long i = 0; i < total; i++)
        {
            var due = schedule.DueAt(i);
            // Sleep whole milliseconds, rounded down: the request leaves at most a millisecond early (its
            // latency then counts from when it left) or a little late (then from when it was due).
            var wait = due - clock.Elapsed;
            if (wait >= TimeSpan.FromMilliseconds(1)) Thread.Sleep((int)wait.TotalMilliseconds);
            var recorder = i >= recordedFrom ? result : null;
            var sent = clock.Elapsed;
            recorder?.RecordSendLag(sent - due);
            sends.Add(SendAsync(clock, sent > due ? due : sent, recorder));
        }
        return sends;
    }

    public async Task<LoadResult> RunClosedAsync(int callers, TimeSpan warmup, TimeSpan duration)
    {
        var result = new LoadResult();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            while (clock.Elapsed < warmup + duration)
            {
                var started = clock.Elapsed;
                await SendAsync(clock, started, started >= warmup ? result : null);
            }
        }));
        return result;
    }

    private async Task SendAsync(Stopwatch clock, TimeSpan intended, LoadResult? result)
    {
        string outcome;
        try
        {
            await scenario.Step(client, ids, Random.Shared);
            outcome = "OK";
        }
        catch (RpcException ex)
        {
            outcome = ex.StatusCode.ToString();
        }
        result?.Record(clock.Elapsed - intended, outcome);
    }
}
