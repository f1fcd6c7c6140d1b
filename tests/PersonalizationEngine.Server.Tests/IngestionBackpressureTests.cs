using PersonalizationEngine.Grains.Projection;
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
public sealed class IngestionBackpressureTests
{
    [Fact]
    public async Task Bulk_writers_wait_and_Track_is_refused_with_a_retry_hint_until_the_grains_catch_up()
    {
        var folder = RunningEngine.NewDataFolder();
        var grains = new GrainsThatStall { Stalled = true }; // the grains take no deliveries: commits wait in the log
        using var stop = new CancellationTokenSource();
        var log = FileEventLog.Open(new EventLogOptions(Path.Combine(folder, "events")));
        var feed = new ProjectionFeed(log, grains, NullLogger<ProjectionFeed>.Instance);
        try
        {
            log.OnCommitted(feed.OnCommitted);
            await feed.StartAsync(stop.Token);
            feed.Start(afterSequence: 0);
            var backpressure = new IngestionBackpressure(feed, Options.Create(new EngineOptions { MaxProjectionLag = 100 }));
            for (var i = 1; i <= 300; i += 10)
                await log.AppendEventsAsync(Enumerable.Range(i, 10).Select(n => new TrackedEvent(0, $"e{n}", "c", "p", InteractionType.View, DateTimeOffset.UnixEpoch, 0, null, null, null)).ToArray());

            var refused = Assert.Throws<RpcException>(backpressure.CheckLive);
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
            Assert.Contains("Engine:MaxProjectionLag", refused.Status.Detail);
            Assert.Equal("1000", refused.Trailers.GetValue(Overloaded.RetryPushbackTrailer));
            var bulk = backpressure.WaitForBulkAsync(CancellationToken.None);
            await Task.Delay(50);
            Assert.False(bulk.IsCompleted);

            grains.Stalled = false; // the grains catch up: the wait ends when the feed's lag falls, without polling
            await bulk.WaitAsync(TimeSpan.FromSeconds(10));
            await Eventually.MatchAsync(() => Task.FromResult(feed.FedThrough), fed => fed >= 300);
            backpressure.CheckLive();
        }
        finally
        {
            await stop.CancelAsync();
            await feed.StopAsync(CancellationToken.None);
            await log.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
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
