namespace PersonalizationEngine.Grains.Training;

/// <summary>
/// A model is retrained once <paramref name="RetrainInterval"/> passed or <paramref name="RetrainAfterEvents"/>
/// new events arrived. With <paramref name="TrainOnFirstStart"/> a model that has never been trained is
/// trained at the first check even with no events (a model that learns from files, not only the log).
/// </summary>
public sealed record ModelSchedule(TimeSpan RetrainInterval, int RetrainAfterEvents, bool TrainOnFirstStart = false);
