using PersonalizationEngine.Projection;
using Grpc.Core;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Server.Ingestion;

/// <summary>
/// ForgetCustomer: erases a customer's events from the event log (in place, every segment), waits until the
/// grains have applied everything logged up to the erasure (so no event of the customer is still on its
/// way to their grain), then empties the customer's grain state. Models keep no customer factors (a
/// customer is folded in from their grain state on every request) and every training reads the log, so
/// the erasure holds through retraining and restarts. Product and offer grains keep only aggregates
/// (counts, popularity, co-interaction strengths, sentiment scores), which stay.
/// With the shared log another silo may be the one projecting (<see cref="ProjectionProgress"/> then reads the shared checkpoint).
/// </summary>
public sealed class CustomerErasure(
    EventIngestion ingestion, ProjectionProgress projection, IGrainFactory grains)
{
    /// <summary>How long to wait for the grains to catch up with the log before giving up (the caller retries).</summary>
    public static readonly TimeSpan ProjectionWait = TimeSpan.FromSeconds(60);

    public async Task<int> ForgetAsync(string customerId, CancellationToken cancellationToken)
    {
        var erasure = await ingestion.Log.EraseCustomerAsync(customerId, cancellationToken);
        if (!await projection.WhenProjectedAsync(erasure.ThroughSequence, ProjectionWait, cancellationToken))
            throw new RpcException(new Status(StatusCode.Unavailable,
                $"the grains are still applying earlier events (projection at {projection.Projected} of {erasure.ThroughSequence}); the log is erased, retry to finish"));
        await grains.ByKey<ICustomerGrain>(customerId).ForgetAsync();
        return erasure.Events;
    }
}
