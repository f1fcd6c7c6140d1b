using Microsoft.Extensions.Logging.Abstractions;

namespace PersonalizationEngine.Grains.Tests;

public sealed class QuietCompactionTests
{
    private static readonly long BusyWhileARunWaits = (long)(QuietCompaction.QuietBytesPerSecond * QuietCompaction.BeforeRunWindow.TotalSeconds) + 1;
    private static readonly long BusyBetweenIdleChecks = (long)(QuietCompaction.QuietBytesPerSecond * QuietCompaction.IdleCheckInterval.TotalSeconds) + 1;

    /// <summary>
    /// A process whose allocation counter and clock the test moves; <see cref="WhileWaiting"/> is allocated during
    /// each wait, and <see cref="Check"/> lets one idle interval pass before an idle check.
    /// </summary>
    private sealed class Process
    {
        public long Allocated;
        public long WhileWaiting;
        public int Waits;
        public long Milliseconds;

        public QuietCompaction Compaction(bool enabled = true) => new(enabled, NullLogger<QuietCompaction>.Instance, () => Allocated, window =>
        {
            Waits++;
            Allocated += WhileWaiting;
            Milliseconds += (long)window.TotalMilliseconds;
            return Task.CompletedTask;
        }, () => Milliseconds);

        public QuietCompaction.Compacted? Check(QuietCompaction compaction)
        {
            Milliseconds += (long)QuietCompaction.IdleCheckInterval.TotalMilliseconds;
            return compaction.WhenIdle(QuietCompaction.IdleCheckInterval);
        }
    }

    [Fact]
    public async Task A_quiet_engine_compacts_before_a_training_run()
    {
        var process = new Process { WhileWaiting = 10_000 };
        var compaction = process.Compaction();
        process.Milliseconds += (long)QuietCompaction.BeforeRunNoCallsFor.TotalMilliseconds;
        var fullCollections = GC.CollectionCount(GC.MaxGeneration);

        Assert.NotNull(await compaction.BeforeTrainingRunAsync());
        Assert.Equal(1, process.Waits);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollections);
    }

    [Fact]
    public async Task Under_traffic_the_collection_before_a_run_stays_in_the_background()
    {
        var process = new Process { WhileWaiting = BusyWhileARunWaits };

        Assert.Null(await process.Compaction().BeforeTrainingRunAsync());
    }

    [Fact]
    public async Task A_client_calling_every_few_hundred_milliseconds_keeps_the_collection_before_a_run_in_the_background()
    {
        var process = new Process { WhileWaiting = 10_000 };
        var compaction = process.Compaction();
        process.Milliseconds += 10_000;
        compaction.CallArrived();
        process.Milliseconds += 500;

        Assert.Null(await compaction.BeforeTrainingRunAsync());
    }

    [Fact]
    public async Task Switched_off_it_never_compacts_nor_waits()
    {
        var process = new Process();
        var compaction = process.Compaction(enabled: false);
        process.Allocated += QuietCompaction.IdleCompactionAfterBytes;

        Assert.Null(await compaction.BeforeTrainingRunAsync());
        Assert.Null(process.Check(compaction));
        Assert.Equal(0, process.Waits);
    }

    [Fact]
    public void An_idle_engine_compacts_once_after_allocating_enough_and_again_only_after_allocating_as_much_more()
    {
        var process = new Process();
        var compaction = process.Compaction();

        // Busy: a load that allocated plenty, then quiet checks.
        process.Allocated += QuietCompaction.IdleCompactionAfterBytes + BusyBetweenIdleChecks;
        Assert.Null(process.Check(compaction));
        Assert.NotNull(process.Check(compaction));
        // Idle from then on: nothing new became garbage, so no compaction however long it stays idle.
        for (var check = 0; check < 10; check++)
        {
            process.Allocated += 1_000_000;
            Assert.Null(process.Check(compaction));
        }
        // Deactivations and upkeep allocate a little at a time (each check quiet): once that adds up, one more compaction.
        var compactions = 0;
        for (var check = 0; check < 20; check++)
        {
            process.Allocated += 20_000_000;
            if (process.Check(compaction) is not null) compactions++;
        }
        Assert.Equal(1, compactions);
    }

    [Fact]
    public void A_request_within_the_last_check_interval_keeps_an_idle_compaction_from_happening()
    {
        var process = new Process();
        var compaction = process.Compaction();
        process.Allocated += 2 * QuietCompaction.IdleCompactionAfterBytes;
        process.Check(compaction);

        process.Milliseconds += 20_000;
        compaction.CallArrived();
        Assert.Null(compaction.WhenIdle(QuietCompaction.IdleCheckInterval));

        Assert.NotNull(process.Check(compaction));
    }
}
