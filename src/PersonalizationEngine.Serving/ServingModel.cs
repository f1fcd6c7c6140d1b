using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Serving;

/// <summary>A published model version, swapped in as one reference; <see cref="VersionName"/> is how the API names it.</summary>
public sealed record ServingModel<TModel>(ModelVersionInfo Info, TModel Model, string VersionName)
    where TModel : class;
