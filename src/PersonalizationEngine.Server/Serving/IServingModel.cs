using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Server.Serving;

/// <summary>A model's name, the run it serves now (null before its first published version) and its recorded runs, whatever the model's type.</summary>
public interface IServingModel
{
    string Model { get; }

    ModelVersionInfo? Serving { get; }

    /// <summary>Every recorded run, oldest first.</summary>
    IReadOnlyList<ModelVersionInfo> History();

    /// <summary>The name a version is reported by ("als-v3").</summary>
    string NameOf(int version);
}
