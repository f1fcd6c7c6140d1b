namespace PersonalizationEngine.Serving;

/// <summary>
/// One model as the engine knows it: its name (one of ModelNames), how its snapshot is written and read,
/// how its versions are named ("als-v3"), and what GetModelStatus says of it.
/// </summary>
/// <param name="Algorithm">What serves, as the model status describes a published version.</param>
public sealed record ModelDefinition<TModel>(string Name, string VersionPrefix, string Algorithm, Func<Stream, TModel> Load, Action<TModel, Stream> Save)
    where TModel : class
{
    /// <summary>What serves before the first version is published, when something does (a live baseline); null: nothing.</summary>
    public ModelStatusInfo? Unpublished { get; init; }

    public string NameOf(int version) => $"{VersionPrefix}-v{version}";
}
