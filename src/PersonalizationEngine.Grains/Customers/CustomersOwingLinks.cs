using System.Collections.Concurrent;

namespace PersonalizationEngine.Grains.Customers;

/// <summary>
/// This silo's customer grains that keep co-interactions until the checkpoint passes them
/// (<see cref="CustomerState.OwedCoInteractions"/>), with the highest event sequence among those and when
/// they last owed more. A customer drops what the checkpoint passed at its next delivery; one whose events
/// stop is asked to, once (<see cref="IdleSince"/>), so an idle customer does not keep its last
/// session's links in memory and in its stored state.
/// </summary>
public sealed class CustomersOwingLinks(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Owing> _owing = new(StringComparer.Ordinal);

    public int Count => _owing.Count;

    public void Owes(string customerId, long highestSequence) => _owing[customerId] = new Owing(highestSequence, time.GetUtcNow());

    public void OwesNothing(string customerId) => _owing.TryRemove(customerId, out _);

    /// <summary>
    /// The customers that owed nothing new for <paramref name="idle"/> and all of whose links the checkpoint
    /// has passed, taken off the list (one that owes more meanwhile stays on it).
    /// </summary>
    public List<string> IdleSince(TimeSpan idle, long checkpoint)
    {
        var before = time.GetUtcNow() - idle;
        var passed = new List<string>();
        foreach (var entry in _owing)
        {
            if (entry.Value.HighestSequence <= checkpoint && entry.Value.Since <= before && _owing.TryRemove(entry)) passed.Add(entry.Key);
        }
        return passed;
    }

    private sealed record Owing(long HighestSequence, DateTimeOffset Since);
}
