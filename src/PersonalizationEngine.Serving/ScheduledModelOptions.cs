using System.ComponentModel.DataAnnotations;
using PersonalizationEngine.Grains.Training;

namespace PersonalizationEngine.Serving;

/// <summary>
/// When a model that reads the whole log is retrained: daily, or sooner after many new events. The
/// propensity, sentiment, forecast and segment options share it (each under its own section).
/// </summary>
public abstract class ScheduledModelOptions
{
    /// <summary>Retrain at least this often while new events arrive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Retrain as soon as this many events arrived since the last training.</summary>
    [Range(1, int.MaxValue)]
    public int RetrainAfterEvents { get; set; } = 200_000;

    public ModelSchedule ToSchedule(bool trainOnFirstStart = false) => new(RetrainInterval, RetrainAfterEvents, trainOnFirstStart);
}
