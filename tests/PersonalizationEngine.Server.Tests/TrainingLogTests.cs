using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Training;
using PersonalizationEngine.Storage.EventLog;
using PersonalizationEngine.Testing;
using PersonalizationEngine.Training;

namespace PersonalizationEngine.Server.Tests;

/// <summary>The trainings of one check read the log once, share what they read, and let it go when the check ends.</summary>
public sealed class TrainingLogTests : IAsyncLifetime
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly TrainingScheduler _scheduler = new(Options.Create(new TrainingOptions { Threads = 1 }));
    private FileEventLog _log = null!;
    private int _nextId;

    public Task InitializeAsync()
    {
        _log = FileEventLog.Open(new EventLogOptions(Path.Combine(_folder, "events")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        _scheduler.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private Task TrackAsync(string customerId, int count, InteractionType type = InteractionType.View, IReadOnlyDictionary<string, string>? context = null) =>
        _log.AppendEventsAsync(Enumerable.Range(0, count)
            .Select(_ => new TrackedEvent(0, $"e{++_nextId}", customerId, "p1", type, DateTimeOffset.UnixEpoch.AddDays(_nextId), 2, null, null, context))
            .ToArray());

    [Fact]
    public async Task A_run_queued_behind_another_shares_its_snapshot_and_reads_only_what_was_committed_since()
    {
        var trainings = new TrainingLog(_log, _scheduler);
        await TrackAsync("c1", 10);
        var firstHolds = new TaskCompletionSource();
        LogSnapshot? first = null;
        var firstRun = _scheduler.RunAsync(async () =>
        {
            first = trainings.Snapshot();
            await firstHolds.Task;
            trainings.RunEnded();
            return 0;
        });
        var secondRun = _scheduler.RunAsync(() =>
        {
            var second = trainings.Snapshot();
            trainings.RunEnded();
            return Task.FromResult((second, second.Events.Count));
        });
        await Eventually.MatchAsync(() => Task.FromResult(first), snapshot => snapshot is not null);
        Assert.Equal(10, first!.Events.Count);

        await TrackAsync("c2", 5);
        firstHolds.SetResult();
        await firstRun;
        var (shared, seen) = await secondRun;

        Assert.Same(first, shared);
        Assert.Equal(15, seen);
        Assert.Equal(_log.CommittedSequence, shared.ThroughSequence);
        // No run waits any more: the next check reads the log afresh.
        Assert.NotSame(shared, await _scheduler.RunAsync(() => Task.FromResult(trainings.Snapshot())));
    }

    [Fact]
    public async Task A_run_with_none_queued_behind_it_does_not_keep_the_snapshot_it_read()
    {
        var trainings = new TrainingLog(_log, _scheduler);
        await TrackAsync("c1", 4);

        var (read, readAgain) = await _scheduler.RunAsync(() =>
        {
            var first = trainings.Snapshot();
            return Task.FromResult((first, trainings.Snapshot()));
        });

        Assert.NotSame(read, readAgain);
        Assert.Equal(4, readAgain.Events.Count);
    }

    [Fact]
    public async Task An_erasure_since_the_snapshot_was_read_means_reading_the_log_again()
    {
        var trainings = new TrainingLog(_log, _scheduler);
        await TrackAsync("c1", 3);
        await TrackAsync("c2", 2);
        var before = trainings.Snapshot();

        await _log.EraseCustomerAsync("c1");
        var after = trainings.Snapshot();

        Assert.NotSame(before, after);
        Assert.All(after.Events, e => Assert.Equal("c2", e.CustomerId));
        Assert.Equal(2, after.Events.Count);
    }

    [Fact]
    public async Task Events_keep_what_the_trainings_read_with_each_id_held_once()
    {
        await TrackAsync("c1", 2, InteractionType.Purchase, new Dictionary<string, string> { [Grains.Behaviour.SalesUnits.QuantityKey] = "3" });
        await TrackAsync("c1", 1);

        var events = new TrainingLog(_log, _scheduler).Snapshot().Events;

        Assert.Equal([3.0, 3.0, 1.0], events.Select(e => e.Quantity));
        Assert.Equal([InteractionType.Purchase, InteractionType.Purchase, InteractionType.View], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(2, e.Value));
        Assert.Same(events[0].CustomerId, events[2].CustomerId);
        Assert.Same(events[0].ProductId, events[1].ProductId);
    }
}
