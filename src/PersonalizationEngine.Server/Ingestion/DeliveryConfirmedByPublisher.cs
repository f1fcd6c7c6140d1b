using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// The grains' progress reports with the shared log: none. The projecting silo's <see cref="GrainPublisher"/>
/// counts each delivery once it returns (the grains write through), and a grain on another silo could not
/// reach that silo's tracker anyway.
/// </summary>
public sealed class DeliveryConfirmedByPublisher : IEventProjectionProgress
{
    public void Expect(long sequence, int deliveries)
    {
    }

    public void Persisted(IReadOnlyCollection<long> sequences)
    {
    }
}
