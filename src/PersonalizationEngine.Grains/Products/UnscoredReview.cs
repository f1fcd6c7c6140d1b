namespace PersonalizationEngine.Grains.Products;

/// <summary>A review that arrived before a sentiment model served; scored when one does.</summary>
[GenerateSerializer, Immutable]
public sealed record UnscoredReview([property: Id(0)] string Text, [property: Id(1)] DateTimeOffset OccurredAt);
