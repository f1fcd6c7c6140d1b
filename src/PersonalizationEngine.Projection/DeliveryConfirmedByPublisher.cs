using PersonalizationEngine.Storage.Checkpoints;
using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Projection;

/// <summary>
/// The grains' progress reports with the shared log: none. The projecting silo's <see cref="GrainPublisher"/>
/// counts each delivery once it returns (the grains write through), and a grain on another silo could not
/// reach that silo's tracker anyway. The checkpoint is the shared one, reread every few seconds (it only
/// moves forward, so an old value is safe).
/// </summary>
public sealed class DeliveryConfirmedByPublisher : IEventProjectionProgress, IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly IProjectionCheckpoint _checkpoint;
    private readonly Timer _refresh;
    private long _known;

    public DeliveryConfirmedByPublisher(IProjectionCheckpoint checkpoint)
    {
        _checkpoint = checkpoint;
        _refresh = new Timer(_ => ReadCheckpoint(), null, TimeSpan.Zero, Refresh);
    }

    public long Checkpoint => Interlocked.Read(ref _known);

    public void Expect(long sequence, int deliveries)
    {
    }

    public void ExpectAhead(long sequence, int deliveries)
    {
    }

    public void Persisted(IReadOnlyCollection<long> sequences)
    {
    }

    public void Dispose() => _refresh.Dispose();

    private void ReadCheckpoint()
    {
        try
        {
            var read = _checkpoint.Read();
            if (read > Interlocked.Read(ref _known)) Interlocked.Exchange(ref _known, read);
        }
        catch (Exception)
        {
            // The database is unreachable for now: the last value read stays valid.
        }
    }
}
