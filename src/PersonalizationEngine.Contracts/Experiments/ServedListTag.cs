namespace PersonalizationEngine.Contracts.Experiments;

/// <summary>What produced a served list: the model version, and the experiment and arm when one ran.</summary>
[GenerateSerializer, Immutable]
public sealed record ServedListTag(
    [property: Id(0)] string ModelVersion,
    [property: Id(1)] string? Experiment = null,
    [property: Id(2)] string? Arm = null)
{
    public const string Control = "control";
    public const string Challenger = "challenger";
}
