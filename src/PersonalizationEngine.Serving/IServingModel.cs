using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Serving;

/// <summary>A model's name, the run it serves now (null before its first published version), its recorded runs and its status, whatever the model's type.</summary>
public interface IServingModel
{
    string Model { get; }

    ModelVersionInfo? Serving { get; }

    /// <summary>Every recorded run, oldest first.</summary>
    IReadOnlyList<ModelVersionInfo> History();

    /// <summary>The name a version is reported by ("als-v3").</summary>
    string NameOf(int version);

    /// <summary>What serves now, or why nothing does (the latest run's note), as GetModelStatus reports it.</summary>
    ModelStatusInfo Status();
}
