using PersonalizationEngine.Api.V1;

namespace PersonalizationEngine.LoadTests;

/// <summary>Ingestion scenarios: a step sends --batch events and counts them as its items once acknowledged (durable).</summary>
public static class Ingestion
{
    public static Task TrackBatchAsync(StepContext step)
    {
        var request = new TrackRequest();
        request.Events.AddRange(Enumerable.Range(0, step.Settings.Batch).Select(_ => LoadEvents.Random(step)));
        return step.TrackAsync(request);
    }

    public static Task TrackStreamAsync(StepContext step)
    {
        var events = Enumerable.Range(0, step.Settings.Batch).Select(_ => LoadEvents.Random(step)).ToList();
        return step.CallAsync("TrackStream", async c =>
        {
            using var call = c.Events.TrackStream();
            foreach (var e in events) await call.RequestStream.WriteAsync(e);
            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }, events.Count);
    }
}
