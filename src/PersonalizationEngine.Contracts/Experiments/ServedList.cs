namespace PersonalizationEngine.Contracts.Experiments;

/// <summary>A recommendation list shown to a customer, kept by their grain for purchases attributed without the list's id.</summary>
[GenerateSerializer, Immutable]
public sealed record ServedList(
    [property: Id(0)] ServedListTag Tag,
    [property: Id(1)] DateTimeOffset ServedAt,
    [property: Id(2)] string[] ProductIds);
