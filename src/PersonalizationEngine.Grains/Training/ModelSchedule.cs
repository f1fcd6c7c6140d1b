namespace PersonalizationEngine.Grains.Training;

/// <summary>A model is retrained once <paramref name="RetrainInterval"/> passed or <paramref name="RetrainAfterEvents"/> new events arrived.</summary>
public sealed record ModelSchedule(TimeSpan RetrainInterval, int RetrainAfterEvents);
