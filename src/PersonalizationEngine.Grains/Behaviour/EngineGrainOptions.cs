using System.ComponentModel.DataAnnotations;

namespace PersonalizationEngine.Grains.Behaviour;

/// <summary>Bounds and time constants of the live grain state (configuration section "Engine:Grains").</summary>
public sealed class EngineGrainOptions
{
    public const string Section = "Engine:Grains";

    /// <summary>How many of a customer's latest product interactions are kept.</summary>
    [Range(1, 10_000)]
    public int RecentInteractions { get; set; } = 50;

    /// <summary>
    /// How many distinct products a customer's interest per product covers (what the recommendation model
    /// folds them in from); beyond it the weakest go first.
    /// </summary>
    [Range(1, 100_000)]
    public int TasteProducts { get; set; } = 500;

    /// <summary>How many distinct purchased products a customer remembers (for "exclude purchased").</summary>
    [Range(1, 100_000)]
    public int PurchasedProducts { get; set; } = 500;

    /// <summary>How many offers a customer's impression counts (for frequency caps) are kept for; the least recently shown go first.</summary>
    [Range(1, 100_000)]
    public int OfferExposures { get; set; } = 500;

    /// <summary>How many co-interacted products a product keeps (the strongest).</summary>
    [Range(1, 10_000)]
    public int Neighbors { get; set; } = 50;

    /// <summary>Interactions this close in time to each other count as co-interactions.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan SessionWindow { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How many earlier products of the session an interaction is linked to.</summary>
    [Range(1, 100)]
    public int CoInteractionsPerEvent { get; set; } = 3;

    /// <summary>How many recommendation lists served to a customer are kept (for purchases attributed without an id); the oldest go first.</summary>
    [Range(1, 1_000)]
    public int ServedLists { get; set; } = 20;

    /// <summary>A purchase of a product recommended to the same customer this long before is attributed to that list without its id.</summary>
    public TimeSpan AttributionWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Popularity halves over this time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan PopularityHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Co-interaction strength halves over this time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan CoInteractionHalfLife { get; set; } = TimeSpan.FromDays(30);

    /// <summary>In a product's recent sentiment trend, a review's weight halves over this time.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan SentimentHalfLife { get; set; } = TimeSpan.FromDays(14);

    /// <summary>
    /// Days of daily sales a product keeps (and the demand forecast trains on): three years, so that two full
    /// years precede the validation days and the yearly season is a candidate.
    /// </summary>
    [Range(28, 3_650)]
    public int SalesHistoryDays { get; set; } = 1_095;

    /// <summary>
    /// Hours of hourly sales a product keeps (and the hourly forecast trains on): twelve weeks, so that the
    /// weekly (168-hour) season is seen several times before the validation hours.
    /// </summary>
    [Range(168, 8_784)]
    public int SalesHistoryHours { get; set; } = 2_016;

    /// <summary>
    /// Changed grain state is written this long after the first change (several events, one write); 0 writes it
    /// before each delivery returns (the shared log sets that: the projecting silo counts a delivery durable
    /// when it returns, wherever in the cluster the grain lives).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StateWriteDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// A customer keeps the co-interactions it sent until the checkpoint passes them (a crash before that
    /// sends them again); one that owed nothing new for this long is asked to drop them and write its state.
    /// Shorter frees memory sooner; longer saves a write for customers whose events come minutes apart.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan OwedLinksIdle { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A customer or product grain that has received no call (no event, no read) for this long is deactivated: its
    /// state is written and its memory handed back, and its next call reads it from grain storage again. The
    /// engine's resident memory then follows the customers active in the last minutes rather than everyone who
    /// ever came. Orleans checks once a minute, so a grain goes between this and a minute later.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:01", "30.00:00:00")]
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(2);
}
