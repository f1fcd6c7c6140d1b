namespace PersonalizationEngine.ML.Activity;

/// <summary>A product's scored reviews so far: how many, and the sum of their sentiment scores in [-1, 1].</summary>
public readonly record struct ReviewScores(int Count, double Sum)
{
    /// <summary>0 (undecided) for a product without reviews.</summary>
    public double MeanScore => Count == 0 ? 0 : Sum / Count;

    public ReviewScores Add(double score) => new(Count + 1, Sum + score);
}
