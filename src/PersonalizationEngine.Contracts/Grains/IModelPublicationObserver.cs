using Orleans.Concurrency;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Contracts.Grains;

/// <summary>A silo's model replica, told by the trainer when a new version is published.</summary>
public interface IModelPublicationObserver : IGrainObserver
{
    /// <summary>A new version is published; the silo fetches it unless it already serves it.</summary>
    [OneWay]
    Task OnModelPublished(ModelVersionInfo published);
}
