using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// The threads model training runs on: a fixed set of its own, at a lower scheduling priority than the
/// threads that serve requests, so that on a machine with few cores a training run takes what requests
/// leave instead of half of every core. On Linux each thread raises its own nice value (threads there
/// have their own; a nice of 10 weighs about a tenth of a normal thread when both want the core); on
/// Windows it is a below-normal thread. Elsewhere the threads run at normal priority.
/// On Linux a thread inherits the nice value of the thread that creates it, and the .NET thread pool
/// creates its workers on the thread that queues work. So no training thread hands anything to the
/// thread pool: a run's result is passed to a courier thread of normal priority, which completes the
/// caller's task. (Threads a training library starts from a training thread inherit its priority, as
/// they should.)
/// </summary>
public sealed class TrainingThreadPool : TaskScheduler, IDisposable
{
    /// <summary>The nice value of training threads on Linux (0 is normal, 19 the lowest priority).</summary>
    public const int Nice = 10;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly BlockingCollection<Action> _results = [];
    private readonly Thread[] _threads;
    [ThreadStatic] private static TrainingThreadPool? _runningOn;

    public TrainingThreadPool(int threads, bool lowerPriority)
    {
        _threads = Enumerable.Range(0, threads).Select(i => new Thread(() => Work(lowerPriority))
        {
            IsBackground = true,
            Name = $"training {i + 1}",
        }).ToArray();
        foreach (var thread in _threads) thread.Start();
        new Thread(() =>
        {
            foreach (var complete in _results.GetConsumingEnumerable()) complete();
        })
        {
            IsBackground = true,
            Name = "training results",
        }.Start();
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>Whether the calling thread is one of this pool's (and so runs at its priority).</summary>
    public bool IsCurrentThread => _runningOn == this;

    /// <summary>Whether this pool's threads did get a lower priority (false where the platform offers none).</summary>
    public bool LowersPriority { get; private set; }

    /// <summary>
    /// Runs <paramref name="work"/> on these threads; the task returned completes on the courier thread,
    /// and its continuations run asynchronously (never on a training thread).
    /// </summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, this).Unwrap()
            .ContinueWith(run => _results.Add(() => result.TrySetFromTask(run)), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, this);
        return result.Task;
    }

    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <summary>Inline only on the pool's own threads, so that no training work runs on a request's thread.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        IsCurrentThread && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    public void Dispose()
    {
        _queue.CompleteAdding();
        _results.CompleteAdding();
    }

    private void Work(bool lowerPriority)
    {
        _runningOn = this;
        if (lowerPriority) LowersPriority = LowerThisThreadsPriority();
        foreach (var task in _queue.GetConsumingEnumerable()) TryExecuteTask(task);
    }

    private static bool LowerThisThreadsPriority()
    {
        if (OperatingSystem.IsLinux())
        {
            // PRIO_PROCESS with who = 0 is the calling thread on Linux.
            return SetPriority(0, 0, Nice) == 0;
        }
        if (OperatingSystem.IsWindows())
        {
            Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            return true;
        }
        return false;
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int priority);
}
