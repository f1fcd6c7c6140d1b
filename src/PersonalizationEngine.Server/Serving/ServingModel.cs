using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.Server.Serving;

/// <summary>A published model version and its factors, swapped in as one reference.</summary>
public sealed record ServingModel(ModelVersionInfo Info, ItemFactorSnapshot Snapshot)
{
    public string VersionName => NameOf(Info.Version);

    /// <summary>How a version is named in the API ("als-v3").</summary>
    public static string NameOf(int version) => $"als-v{version}";
}
