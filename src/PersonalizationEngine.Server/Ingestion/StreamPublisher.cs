using System.Threading.Channels;
using Orleans.Runtime;
using Orleans.Streams;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// Publishes committed events on the customer, product and offer streams. Events of one stream are published in
/// log order (one lane per stream key hash, each sending one at a time) because grains skip any event at
/// or below the last one they applied; different lanes publish in parallel.
/// </summary>
public sealed class StreamPublisher(IClusterClient client, EventProjectionTracker progress, ILogger<StreamPublisher> logger)
    : BackgroundService, IProjectionSink
{
    private const int LanesPerNamespace = 4;
    /// <summary>Well below the memory stream queue's capacity (16,384 messages per queue).</summary>
    private const int MaxInFlight = 512;
    private long _backlog;

    private readonly Channel<(string Namespace, string Key, TrackedEvent Event)>[] _lanes =
        Enumerable.Range(0, 3 * LanesPerNamespace)
            .Select(_ => Channel.CreateUnbounded<(string, string, TrackedEvent)>(new UnboundedChannelOptions { SingleReader = true }))
            .ToArray();

    /// <summary>Deliveries queued in the lanes, not yet handed to the streams.</summary>
    public long Backlog => Interlocked.Read(ref _backlog);

    /// <summary>Nothing to deliver for a catalog or offer record; the watermark may pass it.</summary>
    public void Skip(long sequence) => progress.Expect(sequence, 0);

    /// <summary>Queues an event for publication; called in log order.</summary>
    public void Enqueue(TrackedEvent e)
    {
        var hasProduct = e.ProductId is not null;
        var offerId = e.Type.IsOfferEvent() ? e.OfferId : null;
        var deliveries = 1 + (hasProduct ? 1 : 0) + (offerId is null ? 0 : 1);
        progress.Expect(e.Sequence, deliveries);
        Interlocked.Add(ref _backlog, deliveries);
        Lane(e.CustomerId, 0).Writer.TryWrite((StreamNamespaces.Customer, e.CustomerId, e));
        if (hasProduct) Lane(e.ProductId!, LanesPerNamespace).Writer.TryWrite((StreamNamespaces.Product, e.ProductId!, e));
        if (offerId is not null) Lane(offerId, 2 * LanesPerNamespace).Writer.TryWrite((StreamNamespaces.Offer, offerId, e));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var provider = client.GetStreamProvider(StreamNamespaces.Provider);
        return Task.WhenAll(_lanes.Select(lane => Task.Run(() => PublishLaneAsync(provider, lane.Reader, stoppingToken), stoppingToken)));
    }

    /// <summary>The lane of a stream key: customer lanes first, then product lanes, then offer lanes (from <paramref name="offset"/>).</summary>
    private Channel<(string, string, TrackedEvent)> Lane(string key, int offset) =>
        _lanes[offset + (int)((uint)StringComparer.Ordinal.GetHashCode(key) % LanesPerNamespace)];

    private async Task PublishLaneAsync(IStreamProvider provider, ChannelReader<(string Namespace, string Key, TrackedEvent Event)> lane, CancellationToken stoppingToken)
    {
        await foreach (var (streamNamespace, key, e) in lane.ReadAllAsync(stoppingToken))
        {
            while (progress.InFlight > MaxInFlight) await Task.Delay(1, stoppingToken);
            var stream = provider.GetStream<TrackedEvent>(StreamId.Create(streamNamespace, key));
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await stream.OnNextAsync(e);
                    progress.Published();
                    Interlocked.Decrement(ref _backlog);
                    break;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // The event is durable in the log; keep trying so this stream stays in order.
                    logger.LogWarning(ex, "Publishing event {Sequence} to {Namespace}/{Key} failed (attempt {Attempt})", e.Sequence, streamNamespace, key, attempt);
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5_000, 50 * attempt)), stoppingToken);
                }
            }
        }
    }
}
