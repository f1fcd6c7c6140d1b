using System.Text.Json;
using PersonalizationEngine.Contracts.Models;

namespace PersonalizationEngine.Server.Serving;

/// <summary>
/// This silo's copy of one model (its own folder under data/models): every training run is recorded as
/// <c>vNNNNNN.json</c>, a published one with its model as <c>vNNNNNN.bin</c> (each written to a temporary
/// file and renamed, so a crash never leaves half a snapshot). <see cref="Current"/> is swapped as one
/// reference: a request sees the old model or the new one, never a mix, and never waits. On start-up the
/// latest published snapshot that loads is served (an unreadable one is skipped with a warning, so it
/// never stops the engine from starting).
/// </summary>
public sealed class ModelStore<TModel>
    where TModel : class
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly string _folder;
    private readonly ModelCodec<TModel> _codec;
    private readonly Lock _writeLock = new();
    private volatile ServingModel<TModel>? _current;

    public ModelStore(string model, string folder, ModelCodec<TModel> codec, ILogger logger)
    {
        Model = model;
        _folder = folder;
        _codec = codec;
        Directory.CreateDirectory(folder);
        foreach (var run in History().Where(r => r.Published && File.Exists(SnapshotPath(r.Version))).OrderByDescending(r => r.Version))
        {
            try
            {
                using var file = File.OpenRead(SnapshotPath(run.Version));
                _current = Serving(run, codec.Load(file));
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

    public string NameOf(int version) => _codec.NameOf(version);

    /// <summary>Every recorded run, oldest first.</summary>
    public IReadOnlyList<ModelVersionInfo> History() =>
        Directory.GetFiles(_folder, "v*.json").Order(StringComparer.Ordinal)
            .Select(path => JsonSerializer.Deserialize<ModelVersionInfo>(File.ReadAllText(path), Json)!)
            .ToList();

    public int NextVersion()
    {
        lock (_writeLock)
        {
            return Directory.GetFiles(_folder, "v*.json").Select(p => int.Parse(Path.GetFileNameWithoutExtension(p)[1..])).DefaultIfEmpty(0).Max() + 1;
        }
    }

    /// <summary>Records a run that is not published.</summary>
    public void Record(ModelVersionInfo run)
    {
        lock (_writeLock) WriteAtomically(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
    }

    /// <summary>Saves the model, then makes it the serving one (a new run here).</summary>
    public void Publish(ModelVersionInfo run, TModel model) => Publish(run, model, stream => _codec.Save(model, stream));

    /// <summary>Publishes a version trained on another silo, from its saved bytes (written as they came, not saved again).</summary>
    public void Publish(ModelVersionInfo run, byte[] savedModel)
    {
        using var stream = new MemoryStream(savedModel, writable: false);
        Publish(run, _codec.Load(stream), file => file.Write(savedModel));
    }

    private void Publish(ModelVersionInfo run, TModel model, Action<Stream> writeSnapshot)
    {
        lock (_writeLock)
        {
            WriteAtomically(SnapshotPath(run.Version), writeSnapshot);
            WriteAtomically(InfoPath(run.Version), stream => JsonSerializer.Serialize(stream, run, Json));
            _current = Serving(run, model);
        }
    }

    /// <summary>The saved model of a published version, for a silo that does not have it yet.</summary>
    public byte[]? ReadSnapshot(int version)
    {
        var path = SnapshotPath(version);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    private ServingModel<TModel> Serving(ModelVersionInfo run, TModel model) => new(run, model, _codec.NameOf(run.Version));

    private string InfoPath(int version) => Path.Combine(_folder, $"v{version:D6}.json");

    private string SnapshotPath(int version) => Path.Combine(_folder, $"v{version:D6}.bin");

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
