using PersonalizationEngine.Storage.Models;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Serving;

/// <summary>
/// The serving copy of one model and its runs (kept by an <see cref="IModelArchive"/>). <see cref="Current"/>
/// is swapped as one reference: a request sees the old model or the new one, never a mix, and never
/// waits. On start-up the latest published snapshot that loads is served (an unreadable one is skipped
/// with a warning, so it never stops the engine from starting).
/// </summary>
public sealed class ModelStore<TModel> : IServingModel
    where TModel : class
{
    private readonly IModelArchive _archive;
    private readonly ModelDefinition<TModel> _definition;
    private readonly Lock _writeLock = new();
    private volatile ServingModel<TModel>? _current;
    private ModelStatusInfo? _servedInstead;
    private Action<ServingModel<TModel>>? _prepare;

    public ModelStore(IModelArchive archive, ModelDefinition<TModel> definition, ILogger logger)
    {
        var model = Model = definition.Name;
        _archive = archive;
        _definition = definition;
        foreach (var run in archive.History().Where(r => r.Published).OrderByDescending(r => r.Version))
        {
            if (archive.ReadSnapshot(run.Version) is not { } snapshot) continue;
            try
            {
                _current = ServingOf(run, Load(snapshot));
                logger.LogInformation("Loaded {Model} model v{Version}", model, run.Version);
                return;
            }
            catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
            {
                // A damaged snapshot, or one this build cannot serve (e.g. other features): try the one
                // before it; with none left the model is served once the trainer's next run publishes.
                logger.LogWarning(ex, "Cannot load {Model} model v{Version}; skipping it", model, run.Version);
            }
        }
    }

    /// <summary>One of <see cref="ModelNames"/>.</summary>
    public string Model { get; }

    public ServingModel<TModel>? Current => _current;

    public ModelVersionInfo? Serving => _current?.Info;

    public string NameOf(int version) => _definition.NameOf(version);

    public ModelStatusInfo Status()
    {
        if (_servedInstead is { } other) return other;
        if (_current is { } current) return new ModelStatusInfo(Model, current.VersionName, _definition.Algorithm, current.Info);
        if (_definition.Unpublished is { } baseline) return baseline;
        var latest = History().LastOrDefault();
        return new ModelStatusInfo(Model, "none", latest is null ? "not trained yet" : latest.Note);
    }

    /// <summary>Another model serves instead of this store's versions (a configured ONNX file): the status says so.</summary>
    public void ServedInstead(string version, string algorithm) => _servedInstead = new ModelStatusInfo(Model, version, algorithm);

    /// <summary>
    /// What a new version needs before it serves (caches derived from it), run by whoever publishes it, so the
    /// first requests after a swap do not do it themselves.
    /// </summary>
    public void PrepareWith(Action<ServingModel<TModel>> prepare) => _prepare = prepare;

    /// <summary>Every recorded run, oldest first.</summary>
    public IReadOnlyList<ModelVersionInfo> History() => _archive.History();

    public int NextVersion() => _archive.NextVersion();

    /// <summary>Records a run that is not published.</summary>
    public void Record(ModelVersionInfo run) => _archive.Record(run);

    /// <summary>Saves the model, then makes it the serving one (a new run here).</summary>
    public void Publish(ModelVersionInfo run, TModel model)
    {
        var serving = Prepared(ServingOf(run, model));
        lock (_writeLock)
        {
            _archive.Publish(run, stream => _definition.Save(model, stream));
            _current = serving;
        }
    }

    /// <summary>
    /// Serves a version trained on another silo, from its saved bytes: a folder archive keeps them as they
    /// came (not saved again); a shared archive has them already.
    /// </summary>
    public void Publish(ModelVersionInfo run, byte[] savedModel)
    {
        var serving = Prepared(ServingOf(run, Load(savedModel)));
        lock (_writeLock)
        {
            if (!_archive.Shared) _archive.Publish(run, file => file.Write(savedModel));
            _current = serving;
        }
    }

    /// <summary>A published version by its name ("recommendation-v3"): the serving one, or loaded from its snapshot; null when there is none.</summary>
    public ServingModel<TModel>? Published(string versionName)
    {
        if (_current is { } current && current.VersionName == versionName) return current;
        var run = History().LastOrDefault(r => r.Published && _definition.NameOf(r.Version) == versionName);
        return run is not null && ReadSnapshot(run.Version) is { } snapshot ? ServingOf(run, Load(snapshot)) : null;
    }

    /// <summary>The saved model of a published version, for a silo that does not have it yet.</summary>
    public byte[]? ReadSnapshot(int version) => _archive.ReadSnapshot(version);

    private TModel Load(byte[] snapshot)
    {
        using var stream = new MemoryStream(snapshot, writable: false);
        return _definition.Load(stream);
    }

    private ServingModel<TModel> Prepared(ServingModel<TModel> serving)
    {
        _prepare?.Invoke(serving);
        return serving;
    }

    private ServingModel<TModel> ServingOf(ModelVersionInfo run, TModel model) => new(run, model, _definition.NameOf(run.Version));
}
