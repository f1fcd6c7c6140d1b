namespace PersonalizationEngine.Grains.Products;

/// <summary>A time-decayed sum: <see cref="Value"/> as of <see cref="AsOf"/> (see ML.Decay.ExponentialDecay).</summary>
[GenerateSerializer, Immutable]
public readonly record struct DecayedStrength([property: Id(0)] double Value, [property: Id(1)] DateTimeOffset AsOf);
