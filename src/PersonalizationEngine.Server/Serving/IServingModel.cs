using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Server.Serving;

/// <summary>A model's name and the run it serves now (null before its first published version), whatever the model's type.</summary>
public interface IServingModel
{
    string Model { get; }

    ModelVersionInfo? Serving { get; }
}
