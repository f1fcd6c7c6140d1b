using Microsoft.Extensions.Logging;
using PersonalizationEngine.Contracts.Experiments;
using PersonalizationEngine.Contracts.Grains;
using PersonalizationEngine.Grains;

namespace PersonalizationEngine.Serving;

/// <summary>
/// The recommendation lists this silo served, on their way to their customers' grains (for purchases attributed
/// without the list's id): collected per customer and sent four times a second, one one-way call per customer, so a
/// Recommend makes no grain call for it (a call per page view cost Recommend about a tenth of its capacity) and a
/// customer paging through lists costs one call. A crash loses at most the last quarter second of lists.
/// </summary>
public sealed class ServedListsOutbox(IGrainFactory grains, ILogger<ServedListsOutbox> logger) : PeriodicFlush
{
    private readonly Lock _lock = new();
    private Dictionary<string, List<ServedList>> _pending = new(StringComparer.Ordinal);

    public void Add(string customerId, ServedList list)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(customerId, out var lists)) _pending[customerId] = lists = [];
            lists.Add(list);
        }
    }

    protected override Task FlushAsync()
    {
        Dictionary<string, List<ServedList>> taken;
        lock (_lock)
        {
            if (_pending.Count == 0) return Task.CompletedTask;
            (taken, _pending) = (_pending, new Dictionary<string, List<ServedList>>(StringComparer.Ordinal));
        }
        try
        {
            // One way: the grains take them in their own turns; nothing here waits.
            foreach (var (customerId, lists) in taken) _ = grains.ByKey<ICustomerGrain>(customerId).RecordServedAsync([.. lists]);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not send the served lists of {Customers} customers", taken.Count);
        }
        return Task.CompletedTask;
    }
}
