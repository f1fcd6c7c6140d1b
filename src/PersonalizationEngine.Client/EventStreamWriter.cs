using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.Client;

/// <summary>Bulk ingestion: sends events over TrackStream in calls of a given size and adds up the answers.</summary>
public static class EventStreamWriter
{
    /// <param name="onCallCompleted">Called after each call with the number of events sent so far.</param>
    public static async Task<TrackResponse> SendAsync(
        EventService.EventServiceClient events, IEnumerable<Event> source, int eventsPerCall = 20_000,
        Action<long>? onCallCompleted = null, CancellationToken cancellationToken = default)
    {
        var total = new TrackResponse();
        long sent = 0;
        using var enumerator = source.GetEnumerator();
        var more = enumerator.MoveNext();
        while (more)
        {
            using var call = events.TrackStream(cancellationToken: cancellationToken);
            for (var i = 0; i < eventsPerCall && more; i++, more = enumerator.MoveNext())
            {
                await call.RequestStream.WriteAsync(enumerator.Current, cancellationToken);
                sent++;
            }
            await call.RequestStream.CompleteAsync();
            var response = await call;
            total.Accepted += response.Accepted;
            total.Duplicates += response.Duplicates;
            onCallCompleted?.Invoke(sent);
        }
        return total;
    }
}
