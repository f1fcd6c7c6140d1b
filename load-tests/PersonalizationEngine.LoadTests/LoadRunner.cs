using System.Diagnostics;
using Grpc.Core;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests;

/// <summary>
/// Drives a scenario in one of two load models. Open: requests are sent at a constant rate on an
/// <see cref="ArrivalSchedule"/> whether or not earlier ones have answered, and latency counts from the
/// intended send time. Closed: a fixed number of callers, each sending its next request when the last
/// one answered. Requests that start during the warm-up are not recorded.
/// </summary>
public sealed class LoadRunner(PersonalizationClient client, Scenario scenario, IdSpace ids)
{
    public async Task<LoadResult> RunOpenAsync(double ratePerSecond, TimeSpan warmup, TimeSpan duration)
    {
        var schedule = new ArrivalSchedule(ratePerSecond);
        var total = schedule.CountWithin(warmup + duration);
        var recordedFrom = schedule.CountWithin(warmup);
        var result = new LoadResult();
        var clock = Stopwatch.StartNew();
        var sends = new List<Task>((int)Math.Min(total, 10_000_000));
        for (long i = 0; i < total; i++)
        {
            var due = schedule.DueAt(i);
            while (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed > TimeSpan.FromMilliseconds(2) ? 1 : 0);
            sends.Add(SendAsync(clock, due, i >= recordedFrom ? result : null));
        }
        await Task.WhenAll(sends);
        return result;
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
