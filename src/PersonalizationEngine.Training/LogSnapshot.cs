using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.Storage.EventLog;

namespace PersonalizationEngine.Training;

/// <summary>One event as the trainings read it: its ids pooled, its sales quantity already parsed (<see cref="SalesUnits.QuantityOf"/>).</summary>
public readonly record struct LoggedEvent(
    string CustomerId, string? ProductId, InteractionType Type, DateTimeOffset OccurredAt, double Value, double Quantity, string? Text);

/// <summary>
/// The log's events through <see cref="ThroughSequence"/>, in log order, as every training of a check reads
/// them (<see cref="TrainingLog"/>). Each customer and product id is one string however many events name it,
/// and the records' other fields (event ids, context) are not kept, so the snapshot is smaller than the records
/// each training used to decode for itself. Not thread-safe: trainings run one at a time.
/// </summary>
public sealed class LogSnapshot
{
    private readonly List<LoggedEvent> _events;
    private readonly IdPool _ids = new();

    public LogSnapshot(IEventLog log)
    {
        Erasures = log.Erasures;
        // Sized once for every record in the log (an upper bound): growing a list of millions copies it several times.
        _events = new List<LoggedEvent>((int)Math.Min(log.CommittedSequence, Array.MaxLength));
    }

    /// <summary>The log's erasure count when the snapshot was first read.</summary>
    public long Erasures { get; }

    /// <summary>The last record read.</summary>
    public long ThroughSequence { get; private set; }

    public IReadOnlyList<LoggedEvent> Events => _events;

    /// <summary>Reads what was committed since <see cref="ThroughSequence"/>.</summary>
    public void CatchUp(IEventLog log)
    {
        foreach (var record in log.ReadAfter(ThroughSequence))
        {
            ThroughSequence = record.Sequence;
            if (record is not EventRecord { Event: var e }) continue;
            var productId = e.ProductId is { } id ? _ids.Intern(id) : null;
            _events.Add(new LoggedEvent(_ids.Intern(e.CustomerId), productId, e.Type, e.OccurredAt, e.Value, SalesUnits.QuantityOf(e), e.Text));
        }
    }
}
