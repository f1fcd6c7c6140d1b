using PersonalizationEngine.Grains.Projection;

namespace PersonalizationEngine.Projection.Tests;

/// <summary>Awaiting a condition on a changing quantity: woken by the change, not by polling.</summary>
public sealed class ChangeSignalTests
{
    [Fact]
    public async Task A_wait_completes_after_the_change_that_makes_its_condition_true_and_not_before()
    {
        var signal = new ChangeSignal();
        var value = 10;

        var wait = signal.WhenAsync(() => Volatile.Read(ref value) <= 5, CancellationToken.None);
        Volatile.Write(ref value, 7);
        signal.Changed();
        await Task.Delay(50);
        Assert.False(wait.IsCompleted);

        Volatile.Write(ref value, 5);
        signal.Changed();
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_condition_already_true_does_not_wait()
    {
        await new ChangeSignal().WhenAsync(() => true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
