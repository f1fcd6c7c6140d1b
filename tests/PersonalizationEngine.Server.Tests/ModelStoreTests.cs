using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PersonalizationEngine.Contracts.Models;
using PersonalizationEngine.Serving;
using PersonalizationEngine.Storage.Models;

namespace PersonalizationEngine.Server.Tests;

public sealed class ModelStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pe-store-" + Guid.NewGuid().ToString("N"));

    private sealed record Note(string Text);

    [Fact]
    public void A_new_version_is_prepared_before_it_serves_whether_trained_here_or_on_another_silo()
    {
        var store = new ModelStore<Note>(new FolderModelArchive(_folder), new ModelDefinition<Note>("notes", "note", "text",
            stream => new Note(new StreamReader(stream).ReadToEnd()), (note, stream) => stream.Write(Encoding.UTF8.GetBytes(note.Text))),
            NullLogger.Instance);
        var prepared = new List<(string Version, string? ServingThen)>();
        store.PrepareWith(model => prepared.Add((model.VersionName, store.Current?.VersionName)));

        store.Publish(Run(1), new Note("first"));
        store.Publish(Run(2), Encoding.UTF8.GetBytes("second"));

        Assert.Equal([("note-v1", null), ("note-v2", "note-v1")], prepared);
        Assert.Equal("second", store.Current!.Model.Text);
    }

    private static ModelVersionInfo Run(int version) =>
        new(version, "text", DateTimeOffset.UnixEpoch, 0, 0, new Dictionary<string, double>(), true, "");

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
