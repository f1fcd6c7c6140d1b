namespace PersonalizationEngine.Server.Serving;

/// <summary>How a model type is written to and read from its snapshot file, and how its versions are named ("als-v3").</summary>
public sealed record ModelCodec<TModel>(string VersionPrefix, Func<Stream, TModel> Load, Action<TModel, Stream> Save)
    where TModel : class
{
    public string NameOf(int version) => $"{VersionPrefix}-v{version}";
}
