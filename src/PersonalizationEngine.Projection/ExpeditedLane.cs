using System.Threading.Channels;

namespace PersonalizationEngine.Projection;

/// <summary>
/// The expedited deliveries of one customer lane (<see cref="GrainPublisher"/>): delivered in the order they
/// were queued, at once, beside the lane's chunk in flight. The lane delivers a chunk it reads only once
/// every expedited delivery queued before that read is done, so a customer's later event never overtakes
/// their expedited one.
/// </summary>
public sealed class ExpeditedLane
{
    private readonly Channel<Delivery> _queue = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private long _queued;
    private long _delivered;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How many deliveries were ever queued: what a chunk read now must wait for.</summary>
    public long Queued => Interlocked.Read(ref _queued);

    public void Add(Delivery delivery)
    {
        Interlocked.Increment(ref _queued);
        _queue.Writer.TryWrite(delivery);
    }

    /// <summary>Completes once the first <paramref name="count"/> deliveries ever queued are done.</summary>
    public async Task WaitDeliveredAsync(long count, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Read the signal before the count, so a delivery finishing in between still wakes this wait.
            var progress = Volatile.Read(ref _progress);
            if (Interlocked.Read(ref _delivered) >= count) return;
            await progress.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Delivers what is queued, batch after batch, for as long as the engine runs.</summary>
    public async Task PumpAsync(Func<List<Delivery>, Task> deliver, CancellationToken cancellationToken)
    {
        var batch = new List<Delivery>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(cancellationToken))
            {
                batch.Clear();
                while (_queue.Reader.TryRead(out var delivery)) batch.Add(delivery);
                await deliver(batch);
                Interlocked.Add(ref _delivered, batch.Count);
                Interlocked.Exchange(ref _progress, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
