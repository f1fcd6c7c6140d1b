namespace PersonalizationEngine.ML.Segmentation;

/// <summary>A segment in plain numbers: its customers' mean days since the last purchase, purchase days and revenue.</summary>
public sealed record SegmentProfile(CustomerSegment Segment, long Customers, double MeanDaysSinceLastPurchase, double MeanPurchaseDays, double MeanRevenue);
