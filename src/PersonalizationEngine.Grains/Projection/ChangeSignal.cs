namespace PersonalizationEngine.Grains.Projection;

/// <summary>
/// Lets callers await a condition on a quantity that changes often (a watermark, a backlog, a lag) without polling: the
/// owner calls <see cref="Changed"/> after each change, and a waiter re-checks its condition then. Costs one
/// interlocked exchange per change while nobody waits.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource? _next;

    /// <summary>Call after the quantity changed: wakes everyone waiting.</summary>
    public void Changed() => Interlocked.Exchange(ref _next, null)?.TrySetResult();

    /// <summary>Completes once <paramref name="condition"/> holds.</summary>
    public async Task WhenAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Armed before the check: a change after the check completes this task.
            var next = Next();
            if (condition()) return;
            await next.WaitAsync(cancellationToken);
        }
    }

    private Task Next()
    {
        if (Volatile.Read(ref _next) is { } armed) return armed.Task;
        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (Interlocked.CompareExchange(ref _next, created, null) ?? created).Task;
    }
}
