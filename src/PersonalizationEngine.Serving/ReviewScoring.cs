using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PersonalizationEngine.Serving;

/// <summary>
/// Scores committed reviews in the background, in batches (<see cref="CatalogReviews"/>), so that neither the
/// commit path nor a grain's turn waits for the sentiment model (the sentence encoder takes about a
/// millisecond a text). Woken by each arrival; while no model serves it looks again every second.
/// </summary>
public sealed class ReviewScoring(LiveCatalog catalog, ILogger<ReviewScoring> logger) : BackgroundService
{
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up: the first batch may be the whole log's reviews.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                catalog.Reviews.ScoreHeld();
                await catalog.Reviews.WaitForHeldAsync(Recheck, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failing model must not stop the scoring for good: the reviews stay held for the next one.
                logger.LogError(ex, "Scoring held reviews failed; they stay held");
                await Task.Delay(Recheck, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
