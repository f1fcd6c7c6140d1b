using PersonalizationEngine.Storage.Models;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Server.Serving;

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
    private readonly ModelCodec<TModel> _codec;
    private readonly Lock _writeLock = new();
    private volatile ServingModel<TModel>? _current;

    public ModelStore(string model, IModelArchive archive, ModelCodec<TModel> codec, ILogger logger)
    {
        Model = model;
        _archive = archive;
        _codec = codec;
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

    public string NameOf(int version) => _codec.NameOf(version);

    /// <summary>Every recorded run, oldest first.</summary>
    public IReadOnlyList<ModelVersionInfo> History() => _archive.History();

    public int NextVersion() => _archive.NextVersion();

    /// <summary>Records a run that is not published.</summary>
    public void Record(ModelVersionInfo run) => _archive.Record(run);

    /// <summary>Saves the model, then makes it the serving one (a new run here).</summary>
    public void Publish(ModelVersionInfo run, TModel model)
    {
        lock (_writeLock)
        {
            _archive.Publish(run, stream => _codec.Save(model, stream));
            _current = ServingOf(run, model);
        }
    }

    /// <summary>
    /// Serves a version trained on another silo, from its saved bytes: a folder archive keeps them as they
    /// came (not saved again); a shared archive has them already.
    /// </summary>
    public void Publish(ModelVersionInfo run, byte[] savedModel)
    {
        var model = Load(savedModel);
        lock (_writeLock)
        {
            if (!_archive.Shared) _archive.Publish(run, file => file.Write(savedModel));
            _current = ServingOf(run, model);
        }
    }

    /// <summary>The saved model of a published version, for a silo that does not have it yet.</summary>
    public byte[]? ReadSnapshot(int version) => _archive.ReadSnapshot(version);

    private TModel Load(byte[] snapshot)
    {
        using var stream = new MemoryStream(snapshot, writable: false);
        return _codec.Load(stream);
    }

    private ServingModel<TModel> ServingOf(ModelVersionInfo run, TModel model) => new(run, model, _codec.NameOf(run.Version));
}
