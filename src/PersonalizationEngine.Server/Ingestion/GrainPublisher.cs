using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains.Projection;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Delivers committed events to the customer, product and offer grains they concern. Each grain's events
/// arrive in log order (a grain skips any event at or below the last one it applied): a key always uses
/// the same lane, and a lane delivers one chunk at a time. Within a chunk the events are grouped by
/// grain, so a burst costs one grain call per grain rather than one per event, and the grains of a chunk
/// are called in parallel.
/// A grain reports the events its written state holds to the tracker of its own silo. With the shared log
/// the grains write through and may live on any silo, so the publisher reports each delivery that returned.
/// </summary>
public sealed class GrainPublisher(IGrainFactory grains, EventProjectionTracker progress, IOptions<EngineOptions> options, ILogger<GrainPublisher> logger)
    : BackgroundService, IProjectionSink
{
    private readonly bool _confirmReturnedDeliveries = options.Value.SharedLog;

    private const int LanesPerKind = 4;
    /// <summary>Most deliveries a lane takes into one chunk.</summary>
    private const int ChunkSize = 512;
    /// <summary>
    /// Grain calls of the projection running at once, over all lanes: enough to keep the cores busy, few
    /// enough that a request's grain call never queues behind thousands of deliveries.
    /// </summary>
    private const int MaxConcurrentCalls = 64;

    private readonly SemaphoreSlim _calls = new(MaxConcurrentCalls, MaxConcurrentCalls);

    private long _backlog;

    private readonly Channel<Delivery>[] _lanes =
        Enumerable.Range(0, 3 * LanesPerKind)
            .Select(_ => Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();

    /// <summary>Deliveries queued in the lanes, not yet applied by their grain.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>Nothing to deliver for a catalog or offer record; the watermark may pass it.</summary>
    public void Skip(long sequence) => progress.Expect(sequence, 0);

    /// <summary>Queues an event for delivery; called in log order.</summary>
    public void Enqueue(TrackedEvent e)
    {
        var productId = e.ProductId;
        var offerId = e.Type.IsOfferEvent() ? e.OfferId : null;
        var deliveries = 1 + (productId is null ? 0 : 1) + (offerId is null ? 0 : 1);
        progress.Expect(e.Sequence, deliveries);
        Interlocked.Add(ref _backlog, deliveries);
        Lane(e.CustomerId, 0).Writer.TryWrite(new Delivery(grains.GetGrain<ICustomerGrain>(e.CustomerId), e));
        if (productId is not null) Lane(productId, LanesPerKind).Writer.TryWrite(new Delivery(grains.GetGrain<IProductGrain>(productId), e));
        if (offerId is not null) Lane(offerId, 2 * LanesPerKind).Writer.TryWrite(new Delivery(grains.GetGrain<IOfferGrain>(offerId), e));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_lanes.Select(lane => Task.Run(() => DeliverLaneAsync(lane.Reader, stoppingToken), stoppingToken)));

    /// <summary>The lane of a key: customer lanes first, then product lanes, then offer lanes (from <paramref name="offset"/>).</summary>
    private Channel<Delivery> Lane(string key, int offset) =>
        _lanes[offset + (int)((uint)StringComparer.Ordinal.GetHashCode(key) % LanesPerKind)];

    private async Task DeliverLaneAsync(ChannelReader<Delivery> lane, CancellationToken stoppingToken)
    {
        var chunk = new List<Delivery>(ChunkSize);
        try
        {
            while (await lane.WaitToReadAsync(stoppingToken))
            {
                chunk.Clear();
                while (chunk.Count < ChunkSize && lane.TryRead(out var delivery)) chunk.Add(delivery);
                // One trace per chunk, with its grain calls inside, rather than a trace per grain call.
                using var span = EngineTracing.Source.StartActivity("project events");
                span?.SetTag("pe.deliveries", chunk.Count).SetTag("pe.sequence.first", chunk[0].Event.Sequence);
                // Grouping keeps each grain's events in the order they were queued.
                await Task.WhenAll(chunk.GroupBy(d => d.Grain.GetGrainId()).Select(g => DeliverAsync(g.First().Grain, g.Select(d => d.Event).ToArray(), stoppingToken)));
                Interlocked.Add(ref _backlog, -chunk.Count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(IEventProjectionGrain grain, TrackedEvent[] events, CancellationToken stoppingToken)
    {
        for (var attempt = 1; !await TryDeliverAsync(grain, events, attempt, stoppingToken); attempt++)
        {
            // The events are durable in the log; keep trying so this grain's events stay in order.
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * attempt)), stoppingToken);
        }
    }

    private async Task<bool> TryDeliverAsync(IEventProjectionGrain grain, TrackedEvent[] events, int attempt, CancellationToken stoppingToken)
    {
        await _calls.WaitAsync(stoppingToken);
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
            _calls.Release();
        }
    }

    private readonly record struct Delivery(IEventProjectionGrain Grain, TrackedEvent Event);
}
