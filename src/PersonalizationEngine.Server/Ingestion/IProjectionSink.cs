using PersonalizationEngine.Contracts.Events;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>Where the <see cref="ProjectionFeed"/> hands log records, in log order: the stream publisher.</summary>
public interface IProjectionSink
{
    /// <summary>Deliveries queued and not yet handed on: the feed keeps it bounded.</summary>
    long Backlog { get; }

    void Enqueue(TrackedEvent e);

    /// <summary>A record that is not an event (a catalog or offer upsert) was passed.</summary>
    void Skip(long sequence);
}
