namespace PersonalizationEngine.ML.Ranking;

/// <summary>
/// One of a customer's recent interactions as ranking sees it: its product, how much it says (as in training), the verb
/// for "because you …", and when it happened (for the history's half-life).
/// </summary>
public readonly record struct RecentProduct(string ProductId, double Weight, string Verb, DateTimeOffset At);
