using PersonalizationEngine.Grains.Projection;
using System.Threading.Channels;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Hands committed events to the <see cref="GrainPublisher"/> (<see cref="IProjectionSink"/>) in log order, exactly once each, with
/// bounded memory. While the grains keep up, events go straight from the commit to the publisher
/// ("live"). When the publisher's backlog is full, or at start-up after the projection checkpoint, the
/// feed stops taking commits from memory and reads them back from the log instead ("catching up"),
/// until it reaches the commit at the head of the log again. Acknowledging an event therefore waits
/// only for the log, never for the grains: a burst of ingestion queues on disk, not in memory.
/// A live event behind such a burst is expedited to its customer grain (<see cref="AppendingLive"/>) when every
/// earlier event of that customer is applied: the customer sees what they just did while the burst is
/// still projected, and later reaches the event's product in log order.
/// </summary>
public sealed class ProjectionFeed(IEventLog log, IProjectionSink publisher, ILogger<ProjectionFeed> logger) : BackgroundService
{
    /// <summary>Deliveries queued in the publisher beyond which new commits are left in the log.</summary>
    public const long LiveBacklog = 20_000;
    /// <summary>While catching up, read more from the log once the backlog is below this.</summary>
    private const long CatchUpBacklog = 5_000;

    private readonly Lock _lock = new();
    /// <summary>"Records wait in the log": one pending signal at most, however many commits raise it.</summary>
    private readonly Channel<bool> _behind = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private long _fedThrough = -1;
    private bool _catchingUp = true;
    /// <summary>Events whose customer delivery was expedited and that the feed has not reached yet.</summary>
    private readonly HashSet<long> _expedited = [];
    /// <summary>Ids of events live writers are appending (<see cref="AppendingLive"/>).</summary>
    private readonly HashSet<string> _live = new(StringComparer.Ordinal);
    /// <summary>Changed whenever <see cref="FedThrough"/> moves: writers waiting for the lag to shrink await it.</summary>
    private readonly ChangeSignal _fed = new();

    /// <summary>The log position through which every event was handed to the publisher (−1 before <see cref="Start"/>).</summary>
    public long FedThrough
    {
        get
        {
            lock (_lock) return _fedThrough;
        }
    }

    /// <summary>Whether <see cref="Start"/> was called: this silo projects the log.</summary>
    public bool Started => FedThrough >= 0;

    /// <summary>Events in the log not yet handed to the publisher; 0 on a silo that does not project (the shared log's other silos).</summary>
    public long Lag => FedThrough is var fed and >= 0 ? Math.Max(0, log.CommittedSequence - fed) : 0;

    /// <summary>Completes once <see cref="Lag"/> is at most <paramref name="records"/> (bulk writers wait on it).</summary>
    public Task WhenLagAtMostAsync(long records, CancellationToken cancellationToken) => _fed.WhenAsync(() => Lag <= records, cancellationToken);

    /// <summary>Feeds everything after <paramref name="afterSequence"/> (the checkpoint), from the log, then live.</summary>
    public void Start(long afterSequence)
    {
        lock (_lock)
        {
            _fedThrough = afterSequence;
            _catchingUp = true;
            _expedited.Clear();
            // Events committed from now on are counted as they commit; those before are read back from the log.
            publisher.CountAfter(log.CommittedSequence);
        }
        _fed.Changed();
        logger.LogInformation("Projecting {Count} records after log position {Position} to the grains", log.CommittedSequence - afterSequence, afterSequence);
        _behind.Writer.TryWrite(true);
    }

    /// <summary>Called by the log writer with each durable group of records, in sequence order.</summary>
    public void OnCommitted(IReadOnlyList<LogRecord> records)
    {
        lock (_lock)
        {
            if (_fedThrough < 0) return; // not started: Start reads these from the log
            foreach (var record in records)
            {
                if (record is not EventRecord { Event: var committed }) continue;
                publisher.Observed(committed);
                if (committed.Sequence > _fedThrough && _live.Remove(committed.EventId) && publisher.TryExpedite(committed)) _expedited.Add(committed.Sequence);
            }
            var first = FirstUnfed(records);
            if (first == records.Count) return;
            // Live only when these records follow on from what was fed and there is room for them.
            var contiguous = records[first].Sequence == _fedThrough + 1;
            var room = publisher.Backlog < (_catchingUp ? CatchUpBacklog : LiveBacklog);
            if (contiguous && room)
            {
                var wasCatchingUp = _catchingUp;
                _catchingUp = false;
                for (var i = first; i < records.Count; i++) Feed(records[i]);
                // Back to live: counting starts again from here (it may have stopped in a burst of many customers).
                if (wasCatchingUp) publisher.CountAfter(_fedThrough);
                return;
            }
            _catchingUp = true;
        }
        // Left in the log: the catch-up loop reads them (a pass that is running reads on to the new end).
        _behind.Writer.TryWrite(true);
    }

    /// <summary>
    /// Marks events a live writer (a Track call) is about to append: when they commit they go to their
    /// customer grains at once, ahead of any backlog, where that keeps each customer's order; the feed
    /// delivers them to their products in log order. <see cref="AppendedLive"/> unmarks them.
    /// </summary>
    public void AppendingLive(IReadOnlyList<TrackedEvent> events)
    {
        lock (_lock) foreach (var e in events) _live.Add(e.EventId);
    }

    public void AppendedLive(IReadOnlyList<TrackedEvent> events)
    {
        lock (_lock) foreach (var e in events) _live.Remove(e.EventId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _behind.Reader.ReadAsync(stoppingToken);
                // A pass that finds nothing new has reached the log's end: the next commit goes live, or signals again.
                while (IsCatchingUp && await CatchUpOnceAsync(stoppingToken) > 0)
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private bool IsCatchingUp
    {
        get
        {
            lock (_lock) return _catchingUp && _fedThrough >= 0;
        }
    }

    /// <summary>One pass over the log from the position fed so far to its current end; returns the records fed.</summary>
    private async Task<int> CatchUpOnceAsync(CancellationToken stoppingToken)
    {
        var read = 0;
        await foreach (var record in log.ReadAfterAsync(FedThrough, stoppingToken))
        {
            if (publisher.Backlog > CatchUpBacklog) await publisher.WhenBacklogAtMostAsync(CatchUpBacklog, stoppingToken);
            lock (_lock)
            {
                // A commit may have gone live meanwhile (and fed this record) once the feed had caught up.
                if (!_catchingUp) return 0;
                if (record.Sequence != _fedThrough + 1) break;
                Feed(record);
            }
            read++;
        }
        return read;
    }

    private int FirstUnfed(IReadOnlyList<LogRecord> records)
    {
        var first = 0;
        while (first < records.Count && records[first].Sequence <= _fedThrough) first++;
        return first;
    }

    private void Feed(LogRecord record)
    {
        if (record is EventRecord { Event: var e }) publisher.Enqueue(e, customerDelivered: _expedited.Remove(record.Sequence));
        else publisher.Skip(record.Sequence);
        _fedThrough = record.Sequence;
        _fed.Changed();
    }
}
