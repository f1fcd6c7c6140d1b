namespace PersonalizationEngine.ML.Data;

/// <summary>One user–item interaction for training or evaluation, with its strength and time.</summary>
public readonly record struct Interaction(string UserId, string ItemId, float Value, DateTimeOffset OccurredAt);
