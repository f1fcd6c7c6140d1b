using Grpc.Core;
using PersonalizationEngine.Client;

namespace PersonalizationEngine.LoadTests.Tests;

/// <summary>The runner's bookkeeping, with scenarios that make no network calls (the client is never used).</summary>
public sealed class LoadRunnerTests
{
    private static readonly IdSpace Ids = new(10, 10);

    private static LoadRunner Runner(Func<StepContext, Task> step) =>
        new(new PersonalizationClient("http://127.0.0.1:1"), new Scenario("test", "test", step), Ids, new ScenarioSettings());

    [Fact]
    public async Task The_open_model_runs_every_scheduled_step_and_records_only_those_after_the_warm_up()
    {
        var started = 0;
        var runner = Runner(async step =>
        {
            Interlocked.Increment(ref started);
            await step.CallAsync("Work", _ => Task.FromResult(1), items: 3);
        });
        var report = new LoadReport("test", "open", TimeSpan.FromSeconds(0.2), TimeSpan.FromSeconds(0.3), "none");

        await runner.RunOpenAsync(100, report);

        var schedule = new ArrivalSchedule(100);
        Assert.Equal(schedule.CountWithin(TimeSpan.FromSeconds(0.5)), started);
        var work = report.Operation("Work");
        Assert.Equal(schedule.CountWithin(TimeSpan.FromSeconds(0.5)) - schedule.CountWithin(TimeSpan.FromSeconds(0.2)), work.Requests);
        Assert.Equal(3 * work.Requests, work.Items);
        Assert.Equal(work.Requests, report.SendLag.Requests);
    }

    [Fact]
    public async Task A_failed_call_is_recorded_by_its_status_and_ends_the_step()
    {
        var after = 0;
        var runner = Runner(async step =>
        {
            await step.CallAsync<int>("Fails", _ => throw new RpcException(new Status(StatusCode.Unavailable, "down")));
            after++;
        });
        var report = new LoadReport("test", "closed", TimeSpan.Zero, TimeSpan.FromSeconds(0.2), "none");

        await runner.RunClosedAsync(2, report);

        var fails = report.Operation("Fails");
        Assert.True(fails.Requests > 0);
        Assert.Equal(fails.Requests, fails.Outcomes["Unavailable"]);
        Assert.Equal(0, after);
        Assert.Equal(fails.Requests, report.Failed);
    }

    [Fact]
    public async Task In_the_open_model_a_slow_step_is_timed_from_when_it_was_due()
    {
        // The first step holds a lock for 300 ms; the steps due meanwhile wait for it. Measured from
        // their intended send times, the last of them waited about as long as the first step ran: the
        // server's stall is charged to every request it delayed (no coordinated omission).
        var gate = new SemaphoreSlim(1);
        var first = 0;
        var runner = Runner(step => step.CallAsync("Work", async _ =>
        {
            await gate.WaitAsync();
            try { await Task.Delay(Interlocked.Exchange(ref first, 1) == 0 ? 300 : 0); }
            finally { gate.Release(); }
            return 0;
        }));
        var report = new LoadReport("test", "open", TimeSpan.Zero, TimeSpan.FromSeconds(0.25), "none");

        await runner.RunOpenAsync(40, report);

        // 10 steps due at 0, 25, ..., 225 ms: the one due at 0 takes 300 ms, so the median waits well over 100 ms.
        Assert.Equal(10, report.Operation("Work").Requests);
        Assert.True(report.Operation("Work").LatencyMs(50) >= 100, $"median {report.Operation("Work").LatencyMs(50)} ms");
    }
}
