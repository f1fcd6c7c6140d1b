using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Sentiment;
using PersonalizationEngine.ML.Synthetic;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Throughput of the default sentiment model (target: ≥ 10,000 short texts per second on 2
/// cores): 1,000 review-length texts scored in one batch, and one text at a time through the pooled
/// prediction engine. The model is trained in the set-up on 5,000 generated reviews (<see cref="SyntheticReviews"/>).
/// </summary>
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    private SentimentModel _model = null!;
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        _model = SentimentModel.Train(SyntheticReviews.Corpus(5_000, seed: 3), new SentimentOptions());
        _texts = SyntheticReviews.Corpus(1_000, seed: 4).Select(r => r.Text).ToArray();
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public SentimentPrediction[] Batch1000() => _model.PredictAll(_texts);

    [Benchmark(OperationsPerInvoke = 1000)]
    public double OneAtATime()
    {
        double sum = 0;
        foreach (var text in _texts) sum += _model.Predict(text).Score;
        return sum;
    }
}
