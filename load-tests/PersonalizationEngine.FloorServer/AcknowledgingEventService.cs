using Grpc.Core;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.FloorServer;

/// <summary>
/// EventService.TrackStream as a floor for ingestion: every streamed event decoded and acknowledged; with
/// a log (--log), also appended to the engine's durable file log in the groups the engine commits
/// (1,000), so the difference from the engine is its own work: validation, deduplication and the
/// projection to the grains.
/// </summary>
public sealed class AcknowledgingEventService(FileEventLog? log) : EventService.EventServiceBase
{
    private const int StreamBatch = 1_000;

    public override async Task<TrackResponse> TrackStream(IAsyncStreamReader<Event> requestStream, ServerCallContext context)
    {
        var response = new TrackResponse();
        var batch = new List<TrackedEvent>(StreamBatch);
        await foreach (var e in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (log is null)
            {
                response.Accepted++;
                continue;
            }
            batch.Add(new TrackedEvent(0, e.EventId, e.CustomerId, e.ProductId, (InteractionType)e.Type,
                e.OccurredAt?.ToDateTimeOffset() ?? DateTimeOffset.UtcNow, e.Value, null, null, null));
            if (batch.Count >= StreamBatch) await AppendAsync(batch, response, context.CancellationToken);
        }
        await AppendAsync(batch, response, context.CancellationToken);
        return response;
    }

    public override Task<TrackResponse> Track(TrackRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, "the ingestion floor answers TrackStream only"));

    private async Task AppendAsync(List<TrackedEvent> batch, TrackResponse response, CancellationToken cancellationToken)
    {
        if (batch.Count == 0 || log is null) return;
        var result = await log.AppendEventsAsync(batch.ToArray(), cancellationToken);
        response.Accepted += result.Appended.Count;
        response.Duplicates += result.Duplicates;
        batch.Clear();
    }
}
