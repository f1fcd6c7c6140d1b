namespace PersonalizationEngine.Cli.Commands;

/// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool, after the bar or status is gone).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
