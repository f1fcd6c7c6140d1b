using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>A model that scores every item for a known user; higher is better.</summary>
public interface IRankingModel
{
    string Name { get; }

    /// <summary>Learns from the interactions; <paramref name="progress"/> gets the fraction done.</summary>
    void Fit(InteractionMatrix train, IProgress<double>? progress = null);

    /// <summary>Writes a score for every item (indexed as in the training matrix) for user index <paramref name="user"/>.</summary>
    void Score(int user, Span<float> scores);
}
