using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains;
using PersonalizationEngine.Grains.Behaviour;
using PersonalizationEngine.Grains.Customers;
using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Projection;

/// <summary>
/// Once a second, asks the customers of this silo that owed nothing new for a while
/// (<see cref="EngineGrainOptions.OwedLinksIdle"/>), and all of
/// whose co-interactions the checkpoint has passed, to drop them (<see cref="CustomersOwingLinks"/>): at
/// the full size, what idle customers kept was most of the memory exactly-once co-interactions added.
/// </summary>
public sealed class IdleCustomersLinks(CustomersOwingLinks owing, IEventProjectionProgress progress, IGrainFactory grains,
    IOptions<EngineGrainOptions> options, ILogger<IdleCustomersLinks> logger) : BackgroundService
{
    // A customer in the middle of a session drops what the checkpoint passed at its next event anyway.
    private readonly TimeSpan _idle = options.Value.OwedLinksIdle;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var idle = owing.IdleSince(_idle, progress.Checkpoint);
                await Parallel.ForEachAsync(idle, new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = stoppingToken }, async (id, _) =>
                {
                    try
                    {
                        await grains.ByKey<ICustomerGrain>(id).ForgetCheckpointedLinksAsync();
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Nothing is lost: the customer drops them at its next delivery or activation.
                        logger.LogDebug(ex, "Customer {CustomerId} could not drop its checkpointed co-interactions", id);
                    }
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
