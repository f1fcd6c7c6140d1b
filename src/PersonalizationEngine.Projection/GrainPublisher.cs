using System.Threading.Channels;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Delivers committed events to the customer, product and offer grains they concern. Each grain's events
/// arrive in log order (a grain skips any event at or below the last one it applied): a key always uses
/// the same lane, and a lane delivers one chunk at a time. Within a chunk the events are grouped by
/// grain, so a burst costs one grain call per grain rather than one per event, and the grains of a chunk
/// are called in parallel.
/// A grain reports the events its written state holds to the tracker of its own silo. With the shared log
/// the grains write through and may live on any silo, so the publisher reports each delivery that returned.
/// A live event can be expedited to its customer grain ahead of a bulk backlog (<see cref="TryExpedite"/>):
/// only when every earlier event of that customer is applied or expedited, so the customer's order is
/// kept. It is sent at once (<see cref="ExpeditedLane"/>), beside the lane's chunk in flight, and the lane
/// delivers no chunk read after it before it is done, so no later event of the customer can overtake it.
/// </summary>
public sealed class GrainPublisher(IGrainFactory grains, EventProjectionTracker progress, ProjectionSettings settings, ILogger<GrainPublisher> logger)
    : BackgroundService, IProjectionSink
{
    private readonly bool _confirmReturnedDeliveries = settings.SharedLog;

    private const int LanesPerKind = 4;
    /// <summary>Most deliveries a lane takes into one chunk.</summary>
    private const int ChunkSize = 512;
    private readonly SemaphoreSlim _calls = new(settings.ConcurrentCalls, settings.ConcurrentCalls);

    private long _backlog;
    private readonly ChangeSignal _backlogShrank = new();

    private readonly Channel<Delivery>[] _lanes =
        Enumerable.Range(0, 3 * LanesPerKind)
            .Select(_ => Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();
    /// <summary>Expedited deliveries of each customer lane.</summary>
    private readonly ExpeditedLane[] _expedited = Enumerable.Range(0, LanesPerKind).Select(_ => new ExpeditedLane()).ToArray();

    /// <summary>Customers with unapplied events counted at most; past it counting stops until the feed is live again (memory stays bounded in any burst).</summary>
    private const int MaxCountedCustomers = 100_000;

    private readonly Lock _countsLock = new();
    /// <summary>Per customer: events committed after <see cref="_countedAfter"/>, not expedited and not yet applied by the customer grain.</summary>
    private readonly Dictionary<string, int> _unapplied = new(StringComparer.Ordinal);
    private long _countedAfter = long.MaxValue;
    private long _highestObserved;
    private long _expeditedCount;

    /// <summary>Events delivered to their customer grain ahead of the log order since start.</summary>
    public long ExpeditedCount => Interlocked.Read(ref _expeditedCount);

    /// <summary>Deliveries queued in the lanes, not yet applied by their grain.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    public Task WhenBacklogAtMostAsync(long deliveries, CancellationToken cancellationToken) =>
        _backlogShrank.WhenAsync(() => Backlog <= deliveries, cancellationToken);

    /// <summary>Nothing to deliver for a catalog or offer record; the watermark may pass it.</summary>
    public void Skip(long sequence) => progress.Expect(sequence, 0);

    /// <summary>Queues an event for delivery; called in log order.</summary>
    public void Enqueue(TrackedEvent e, bool customerDelivered = false)
    {
        var productId = e.ProductId;
        var offerId = e.Type.IsOfferEvent() ? e.OfferId : null;
        var deliveries = (customerDelivered ? 0 : 1) + (productId is null ? 0 : 1) + (offerId is null ? 0 : 1);
        progress.Expect(e.Sequence, deliveries);
        Interlocked.Add(ref _backlog, deliveries);
        if (!customerDelivered) Lane(e.CustomerId, 0).Writer.TryWrite(new Delivery(grains.ByKey<ICustomerGrain>(e.CustomerId), e));
        if (productId is not null) Lane(productId, LanesPerKind).Writer.TryWrite(new Delivery(grains.ByKey<IProductGrain>(productId), e));
        if (offerId is not null) Lane(offerId, 2 * LanesPerKind).Writer.TryWrite(new Delivery(grains.ByKey<IOfferGrain>(offerId), e));
    }

    public void CountAfter(long sequence)
    {
        lock (_countsLock)
        {
            _countedAfter = sequence;
            _highestObserved = sequence;
            _unapplied.Clear();
        }
    }

    public void Observed(TrackedEvent e) => Count(e, +1);

    public bool TryExpedite(TrackedEvent e)
    {
        lock (_countsLock)
        {
            // Every event before the counting began is applied, every event up to this one has been
            // counted, and of this customer's counted events only this one is neither applied nor expedited.
            if (e.Sequence > _highestObserved || progress.Watermark < _countedAfter || _unapplied.GetValueOrDefault(e.CustomerId) != 1) return false;
            // Counted off now: a customer's expedited events go out in order (ExpeditedLane), so their next
            // live event may follow before these are applied.
            _unapplied.Remove(e.CustomerId);
        }
        progress.ExpectAhead(e.Sequence, 1);
        Interlocked.Increment(ref _expeditedCount);
        _expedited[LaneIndex(e.CustomerId)].Add(new Delivery(grains.ByKey<ICustomerGrain>(e.CustomerId), e));
        return true;
    }

    /// <summary>Counts an event of a customer committed (+1) or applied by the customer grain (−1), if it came after the counting began.</summary>
    private void Count(TrackedEvent e, int change)
    {
        lock (_countsLock)
        {
            if (e.Sequence <= _countedAfter) return;
            if (change > 0) _highestObserved = Math.Max(_highestObserved, e.Sequence);
            // An event may be applied before its commit is observed (the log is read back first): the count passes through −1.
            var count = _unapplied.GetValueOrDefault(e.CustomerId) + change;
            if (count == 0) _unapplied.Remove(e.CustomerId);
            else if (_unapplied.Count < MaxCountedCustomers || _unapplied.ContainsKey(e.CustomerId)) _unapplied[e.CustomerId] = count;
            else
            {
                // Too many to count: expedite nothing until counting starts again.
                _countedAfter = long.MaxValue;
                _unapplied.Clear();
            }
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(
        _lanes.Select((lane, i) => Task.Run(() => DeliverLaneAsync(lane.Reader, i < LanesPerKind ? _expedited[i] : null, stoppingToken), stoppingToken))
            .Concat(_expedited.Select(expedited => Task.Run(() => expedited.PumpAsync(batch => DeliverExpeditedAsync(batch, stoppingToken), stoppingToken), stoppingToken))));

    /// <summary>The lane of a key: customer lanes first, then product lanes, then offer lanes (from <paramref name="offset"/>).</summary>
    private Channel<Delivery> Lane(string key, int offset) => _lanes[offset + LaneIndex(key)];

    private static int LaneIndex(string key) => (int)((uint)StringComparer.Ordinal.GetHashCode(key) % LanesPerKind);

    /// <param name="expedited">A customer lane's expedited deliveries, which a chunk read after them waits for; null for other lanes.</param>
    private async Task DeliverLaneAsync(ChannelReader<Delivery> lane, ExpeditedLane? expedited, CancellationToken stoppingToken)
    {
        var chunk = new List<Delivery>(ChunkSize);
        try
        {
            while (await lane.WaitToReadAsync(stoppingToken))
            {
                chunk.Clear();
                while (chunk.Count < ChunkSize && lane.TryRead(out var delivery)) chunk.Add(delivery);
                // A customer's event in this chunk was queued after their expedited ones (it committed later): they go first.
                if (expedited is not null) await expedited.WaitDeliveredAsync(expedited.Queued, stoppingToken);
                await DeliverChunkAsync(chunk, countApplied: expedited is not null, stoppingToken);
                Interlocked.Add(ref _backlog, -chunk.Count);
                _backlogShrank.Changed();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Counted as applied when they were expedited; sent without waiting for a slot among the projection's calls.</summary>
    private Task DeliverExpeditedAsync(List<Delivery> batch, CancellationToken stoppingToken) =>
        DeliverChunkAsync(batch, countApplied: false, stoppingToken, expedited: true);

    /// <param name="countApplied">Customer deliveries of the log order: each event applied is counted off its customer.</param>
    /// <param name="expedited">Expedited deliveries: a few live events, sent without waiting for a slot among the projection's calls.</param>
    private async Task DeliverChunkAsync(List<Delivery> chunk, bool countApplied, CancellationToken stoppingToken, bool expedited = false)
    {
        // One trace per chunk, with its grain calls inside, rather than a trace per grain call.
        using var span = EngineActivities.Source.StartActivity("project events");
        span?.SetTag("pe.deliveries", chunk.Count).SetTag("pe.sequence.first", chunk[0].Event.Sequence);
        // Grouping keeps each grain's events in the order they were queued.
        await Task.WhenAll(chunk.GroupBy(d => d.Grain.GetGrainId())
            .Select(g => DeliverAsync(g.First().Grain, g.Select(d => d.Event).ToArray(), countApplied, expedited, stoppingToken)));
    }

    private async Task DeliverAsync(IEventProjectionGrain grain, TrackedEvent[] events, bool countApplied, bool expedited, CancellationToken stoppingToken)
    {
        for (var attempt = 1; !await TryDeliverAsync(grain, events, attempt, expedited, stoppingToken); attempt++)
        {
            // The events are durable in the log; keep trying so this grain's events stay in order.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * attempt)), stoppingToken);
        }
        if (countApplied) foreach (var e in events) Count(e, -1);
    }

    private async Task<bool> TryDeliverAsync(IEventProjectionGrain grain, TrackedEvent[] events, int attempt, bool expedited, CancellationToken stoppingToken)
    {
        if (!expedited) await _calls.WaitAsync(stoppingToken);
        try
        {
            await grain.ApplyEventsAsync(events);
            if (_confirmReturnedDeliveries) progress.Persisted(events.Select(e => e.Sequence).ToArray());
            return true;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Delivering {Count} events from {Sequence} to {Grain} failed (attempt {Attempt})",
                events.Length, events[0].Sequence, grain.GetGrainId(), attempt);
            return false;
        }
        finally
        {
            if (!expedited) _calls.Release();
        }
    }
}
