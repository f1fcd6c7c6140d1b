using PersonalizationEngine.ML.Evaluation;
using System.ComponentModel.DataAnnotations;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// When the recommendation model is retrained, and how trainers and silos keep in touch (configuration
/// section "Engine:Training"). The propensity model has its own schedule (Engine:Propensity).
/// </summary>
public sealed class TrainingOptions
{
    public const string Section = "Engine:Training";

    /// <summary>Retrain at least this often while new events arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Retrain as soon as this many events arrived since the last training.</summary>
    [Range(1, int.MaxValue)]
    public int RetrainAfterEvents { get; set; } = 50_000;

    /// <summary>How often the trainer looks at the clock and the event count.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often every silo renews its subscription to new versions and checks that it serves the latest
    /// one (the fallback when an announcement is lost; announcements themselves arrive at once).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ReplicaSyncInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The embedding size of the recommendation model (customer and product factors).</summary>
    [Range(2, 512)]
    public int Factors { get; set; } = 16;

    /// <summary>How many learned neighbors each product keeps in the item-to-item model.</summary>
    [Range(1, 1_000)]
    public int NeighborsPerProduct { get; set; } = 50;

    /// <summary>
    /// The item-to-item links a model may hold in all: on a catalog small enough, validation also tries 200 and 1,000
    /// links per product (more of each EASE row) and keeps the count that ranks best.
    /// </summary>
    [Range(0, 100_000_000)]
    public long MaxNeighborLinks { get; set; } = ServedBlendValidation.DefaultMaxNeighborLinks;

    /// <summary>
    /// Up to this many products the item-to-item model is dense EASE (a blocked inverse of the Gram matrix's lower
    /// triangle: O(n³) time, 2·n² bytes while training: 200 MB at 10,000, 0.8 GB at 20,000); above it, EASE over
    /// the top co-occurrence graph.
    /// </summary>
    [Range(0, 20_000)]
    public int EaseMaxProducts { get; set; } = ItemToItemModel.DefaultEaseMaxItems;

    /// <summary>
    /// Dense EASE runs only where the engine's resident memory when the run starts plus its Gram matrix stays within
    /// this many MiB (the engine's training envelope); otherwise the run takes the sparse form whatever
    /// <see cref="EaseMaxProducts"/> allows. 0: no limit.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int EaseMemoryLimitMiB { get; set; } = 1_700;

    /// <summary>
    /// How many cores model training (every model) may use at most; 0: half of this machine's cores, at
    /// least one. Serving keeps the rest (<see cref="TrainingScheduler"/>).
    /// </summary>
    [Range(0, 1_024)]
    public int Threads { get; set; }

    /// <summary>
    /// Training threads run at a lower scheduling priority than the threads serving requests (nice 10 on
    /// Linux, below normal on Windows), so requests come first when both want a core.
    /// </summary>
    public bool LowerPriority { get; set; } = true;

    /// <summary>A candidate whose validation NDCG@10 is more than this below the serving model's is not published.</summary>
    [Range(0.0, 1.0)]
    public double NdcgTolerance { get; set; } = 0.01;
}
