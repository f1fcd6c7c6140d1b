using PersonalizationEngine.Grains.Projection;
using Microsoft.Extensions.Logging.Abstractions;
using PersonalizationEngine.Contracts.Catalog;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Projection.Tests;

/// <summary>The feed from the event log (here in memory) to the grains: every record once, in log order, live or read back from the log.</summary>
public sealed class ProjectionFeedTests : IAsyncLifetime
{
    private readonly RecordingSink _sink = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly MemoryEventLog _log = new();
    private ProjectionFeed _feed = null!;

    public Task InitializeAsync()
    {
        _feed = new ProjectionFeed(_log, _sink, NullLogger<ProjectionFeed>.Instance);
        _log.OnCommitted(_feed.OnCommitted);
        return _feed.StartAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Records_after_the_checkpoint_are_read_back_then_new_commits_follow_live()
    {
        await AppendEventsAsync(1, 10);
        await _log.AppendProductsAsync([new ProductInfo("p1", "Boots", "shoes", [], 10, true, new Dictionary<string, string>())]);

        _feed.Start(afterSequence: 4);
        await WaitFedAsync(11);
        await AppendEventsAsync(11, 15);
        await WaitFedAsync(16);

        Assert.Equal(Enumerable.Range(5, 12).Select(i => (long)i), _sink.Fed);
        Assert.Equal([11L], _sink.Skipped);
        Assert.Equal(0, _feed.Lag);
    }

    [Fact]
    public async Task Commits_wait_in_the_log_while_the_backlog_is_full_and_are_fed_once_it_drains()
    {
        _feed.Start(afterSequence: 0);
        await AppendEventsAsync(1, 5);
        await WaitFedAsync(5);

        _sink.Backlog = ProjectionFeed.LiveBacklog;
        await AppendEventsAsync(6, 300);
        Assert.Equal(5, _feed.FedThrough);
        Assert.Equal(295, _feed.Lag);

        _sink.Backlog = 0;
        await WaitFedAsync(300);
        await AppendEventsAsync(301, 310);
        await WaitFedAsync(310);

        Assert.Equal(Enumerable.Range(1, 310).Select(i => (long)i), _sink.Fed);
    }

    [Fact]
    public async Task A_live_event_behind_the_backlog_is_expedited_and_later_fed_to_its_product_only()
    {
        _feed.Start(afterSequence: 0);
        await AppendEventsAsync(1, 5);
        await WaitFedAsync(5);
        _sink.Backlog = ProjectionFeed.LiveBacklog;
        await AppendEventsAsync(6, 100);
        TrackedEvent[] live = [new(0, "live", "new-customer", "p1", InteractionType.View, DateTimeOffset.UnixEpoch, 0, null, null, null)];

        _feed.AppendingLive(live);
        await _log.AppendEventsAsync(live);
        _feed.AppendedLive(live);
        // A retry of the same event is a duplicate: nothing commits, nothing is expedited.
        _feed.AppendingLive(live);
        await _log.AppendEventsAsync(live);
        _feed.AppendedLive(live);

        Assert.Equal([101L], _sink.Expedited);
        Assert.Equal(Enumerable.Range(1, 101).Select(i => (long)i), _sink.Observed);
        _sink.Backlog = 0;
        await WaitFedAsync(101);
        Assert.Equal([101L], _sink.FedCustomerDelivered);
        Assert.Equal(Enumerable.Range(1, 101).Select(i => (long)i), _sink.Fed);
    }

    [Fact]
    public async Task Bulk_events_are_never_expedited()
    {
        _feed.Start(afterSequence: 0);
        _sink.Backlog = ProjectionFeed.LiveBacklog;
        await AppendEventsAsync(1, 50);

        Assert.Empty(_sink.Expedited);
        _sink.Backlog = 0;
        await WaitFedAsync(50);
        Assert.Empty(_sink.FedCustomerDelivered);
    }

    /// <summary>Appends events with ids <paramref name="from"/>..<paramref name="to"/>, a few per commit.</summary>
    private async Task AppendEventsAsync(int from, int to)
    {
        for (var i = from; i <= to; i += 7)
        {
            var batch = Enumerable.Range(i, Math.Min(7, to - i + 1))
                .Select(n => new TrackedEvent(0, $"e{n}", $"c{n % 3}", "p1", InteractionType.View, DateTimeOffset.UnixEpoch.AddDays(n), 0, null, null, null))
                .ToArray();
            await _log.AppendEventsAsync(batch);
        }
    }

    private Task WaitFedAsync(long sequence) => Eventually.MatchAsync(() => Task.FromResult(_feed.FedThrough), fed => fed >= sequence);

    /// <summary>Records what it is handed; its backlog is set by the test.</summary>
    private sealed class RecordingSink : IProjectionSink
    {
        private readonly Lock _lock = new();
        private readonly List<long> _sequences = [];
        private readonly List<long> _skipped = [];

        private readonly ChangeSignal _backlogChanged = new();
        private long _backlog;

        public long Backlog
        {
            get => Interlocked.Read(ref _backlog);
            set
            {
                Interlocked.Exchange(ref _backlog, value);
                _backlogChanged.Changed();
            }
        }

        public Task WhenBacklogAtMostAsync(long deliveries, CancellationToken cancellationToken) =>
            _backlogChanged.WhenAsync(() => Backlog <= deliveries, cancellationToken);

        public long[] Fed
        {
            get
            {
                lock (_lock) return [.. _sequences.Concat(_skipped).Order()];
            }
        }

        public long[] Skipped
        {
            get
            {
                lock (_lock) return [.. _skipped];
            }
        }

        private readonly List<long> _expedited = [];
        private readonly List<long> _observed = [];
        private readonly List<long> _customerDelivered = [];

        public long[] Expedited
        {
            get
            {
                lock (_lock) return [.. _expedited];
            }
        }

        public long[] Observed
        {
            get
            {
                lock (_lock) return [.. _observed];
            }
        }

        public long[] FedCustomerDelivered
        {
            get
            {
                lock (_lock) return [.. _customerDelivered];
            }
        }

        public void CountAfter(long sequence)
        {
        }

        void IProjectionSink.Observed(TrackedEvent e)
        {
            lock (_lock) _observed.Add(e.Sequence);
        }

        /// <summary>Always expedites (the publisher decides by the customer's counts; here only the feed's part is under test).</summary>
        public bool TryExpedite(TrackedEvent e)
        {
            lock (_lock) _expedited.Add(e.Sequence);
            return true;
        }

        public void Enqueue(TrackedEvent e, bool customerDelivered = false)
        {
            lock (_lock)
            {
                if (customerDelivered) _customerDelivered.Add(e.Sequence);
                // Exactly once and in order: anything else would make a grain skip or repeat an event.
                if (_sequences.Concat(_skipped).DefaultIfEmpty(0).Max() >= e.Sequence) throw new InvalidOperationException($"event {e.Sequence} out of order");
                _sequences.Add(e.Sequence);
            }
        }

        public void Skip(long sequence)
        {
            lock (_lock) _skipped.Add(sequence);
        }
    }
}
