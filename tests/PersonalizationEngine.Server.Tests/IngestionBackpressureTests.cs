using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PersonalizationEngine.Contracts.Events;
using PersonalizationEngine.Projection;
using PersonalizationEngine.Server.Configuration;
using PersonalizationEngine.Server.Hosting;
using PersonalizationEngine.Server.Ingestion;
using PersonalizationEngine.Storage.EventLog;
using PersonalizationEngine.Testing;

namespace PersonalizationEngine.Server.Tests;

/// <summary>Writers held back while the grains are far behind the log: bulk ones wait, Track is refused with a retry hint.</summary>
public sealed class IngestionBackpressureTests : IAsyncLifetime
{
    private readonly string _folder = RunningEngine.NewDataFolder();
    private readonly GrainsThatStall _grains = new();
    private readonly CancellationTokenSource _stop = new();
    private FileEventLog _log = null!;
    private ProjectionFeed _feed = null!;

    public Task InitializeAsync()
    {
        _log = FileEventLog.Open(new EventLogOptions(Path.Combine(_folder, "events")));
        _feed = new ProjectionFeed(_log, _grains, NullLogger<ProjectionFeed>.Instance);
        _log.OnCommitted(_feed.OnCommitted);
        return _feed.StartAsync(_stop.Token);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _feed.StopAsync(CancellationToken.None);
        await _log.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Bulk_writers_wait_and_Track_is_refused_with_a_retry_hint_until_the_grains_catch_up()
    {
        var backpressure = new IngestionBackpressure(_feed, Options.Create(new EngineOptions { MaxProjectionLag = 100 }));
        _feed.Start(afterSequence: 0);
        _grains.Stalled = true; // the grains stop taking deliveries: commits wait in the log
        for (var i = 1; i <= 300; i += 10)
            await _log.AppendEventsAsync(Enumerable.Range(i, 10).Select(n => new TrackedEvent(0, $"e{n}", "c", "p", InteractionType.View, DateTimeOffset.UnixEpoch, 0, null, null, null)).ToArray());

        var refused = Assert.Throws<RpcException>(backpressure.CheckLive);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Engine:MaxProjectionLag", refused.Status.Detail);
        Assert.Equal("1000", refused.Trailers.GetValue(Overloaded.RetryPushbackTrailer));
        var bulk = backpressure.WaitForBulkAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(bulk.IsCompleted);

        _grains.Stalled = false; // the grains catch up: the wait ends when the feed's lag falls, without polling
        await bulk.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.MatchAsync(() => Task.FromResult(_feed.FedThrough), fed => fed >= 300);
        backpressure.CheckLive();
    }

    /// <summary>Grains that take every delivery at once, or (stalled) none: their backlog is then full.</summary>
    private sealed class GrainsThatStall : IProjectionSink
    {
        private readonly ChangeSignal _changed = new();
        private volatile bool _stalled;

        public bool Stalled
        {
            get => _stalled;
            set
            {
                _stalled = value;
                _changed.Changed();
            }
        }

        public long Backlog => _stalled ? ProjectionFeed.LiveBacklog : 0;

        public Task WhenBacklogAtMostAsync(long deliveries, CancellationToken cancellationToken) =>
            _changed.WhenAsync(() => Backlog <= deliveries, cancellationToken);

        public void Enqueue(TrackedEvent e, bool customerDelivered = false)
        {
        }

        public void CountAfter(long sequence)
        {
        }

        public void Observed(TrackedEvent e)
        {
        }

        public bool TryExpedite(TrackedEvent e) => false;

        public void Skip(long sequence)
        {
        }
    }
}
