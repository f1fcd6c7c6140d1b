namespace PersonalizationEngine.Training;

/// <summary>Where the models live; the host derives it from its own configuration.</summary>
/// <param name="DataFolder">This silo's data folder: model runs under models/NAME, and relative corpus paths.</param>
/// <param name="Postgres">The shared log's connection string: with it, every model's runs and snapshots live in PostgreSQL for every silo; empty: in the data folder.</param>
public sealed record ModelsSettings(string DataFolder, string Postgres)
{
    /// <summary>Where a model's runs and snapshots are kept without the shared log.</summary>
    public string ModelFolderOf(string model) => Path.Combine(DataFolder, "models", model);
}
