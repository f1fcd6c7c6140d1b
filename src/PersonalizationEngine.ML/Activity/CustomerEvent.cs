namespace PersonalizationEngine.ML.Activity;

/// <summary>One behavioural event as the activity features see it (from the event log or a data set).</summary>
public readonly record struct CustomerEvent(string CustomerId, string ProductId, BehaviourKind Kind, double Value, DateTimeOffset OccurredAt);
