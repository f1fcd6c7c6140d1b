using Grpc.Core;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Api.V1;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Ingestion;

namespace PersonalizationEngine.Server.Services;

/// <summary>EventService: validates events and acknowledges them once they are durable.</summary>
public sealed class EventGrpcService(EventIngestion ingestion, EventMapper mapper, IOptions<EngineOptions> options)
    : EventService.EventServiceBase
{
    /// <summary>TrackStream commits in groups of this many events (durable before the stream's answer).</summary>
    private const int StreamBatch = 1_000;

    public override async Task<TrackResponse> Track(TrackRequest request, ServerCallContext context)
    {
        if (request.Events.Count == 0) throw RequestValidation.Invalid("events", "must not be empty");
        if (request.Events.Count > options.Value.MaxEventsPerTrack)
            throw RequestValidation.Invalid("events", $"at most {options.Value.MaxEventsPerTrack} events per call; use TrackStream for bulk");
        var events = request.Events.Select((e, i) => mapper.ToTracked(e, $"events[{i}]")).ToArray();
        var result = await ingestion.TrackAsync(events, context.CancellationToken);
        return new TrackResponse { Accepted = result.Appended.Count, Duplicates = result.Duplicates };
    }

    public override async Task<TrackResponse> TrackStream(IAsyncStreamReader<Event> requestStream, ServerCallContext context)
    {
        var response = new TrackResponse();
        var batch = new List<TrackedEvent>(StreamBatch);
        var index = 0;
        await foreach (var e in requestStream.ReadAllAsync(context.CancellationToken))
        {
            // Events before an invalid one stay accepted; the error says which one failed.
            try
            {
                batch.Add(mapper.ToTracked(e, $"stream event {index++}"));
            }
            catch (RpcException)
            {
                await CommitAsync(batch, response, context.CancellationToken);
                throw;
            }
            if (batch.Count >= StreamBatch) await CommitAsync(batch, response, context.CancellationToken);
        }
        await CommitAsync(batch, response, context.CancellationToken);
        return response;
    }

    private async Task CommitAsync(List<TrackedEvent> batch, TrackResponse response, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        var result = await ingestion.TrackBulkAsync(batch.ToArray(), cancellationToken);
        response.Accepted += result.Appended.Count;
        response.Duplicates += result.Duplicates;
        batch.Clear();
    }
}
