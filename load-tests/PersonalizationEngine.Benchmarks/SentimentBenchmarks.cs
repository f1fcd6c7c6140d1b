using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Sentiment;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Throughput of the default sentiment model (issue 5 target: ≥ 10,000 short texts per second on 2
/// cores): 1,000 review-length texts scored in one batch, and one text at a time through the pooled
/// prediction engine. The model is trained in the set-up on 5,000 generated reviews.
/// </summary>
[MemoryDiagnoser]
public class SentimentBenchmarks
{
    private static readonly string[] Words = ["good", "bad", "great", "awful", "not", "really", "the", "phone", "battery", "lasts", "broke", "after", "a", "week", "love", "it", "delivery", "was", "slow", "quality"];
    private SentimentModel _model = null!;
    private string[] _texts = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        string Review() => string.Join(' ', Enumerable.Range(0, 6 + random.Next(14)).Select(_ => Words[random.Next(Words.Length)]));
        var training = Enumerable.Range(0, 5000).Select(_ => Review()).Select(t => new LabelledText(t, t.Contains("good") || t.Contains("love"))).ToList();
        _model = SentimentModel.Train(training, new SentimentOptions());
        _texts = Enumerable.Range(0, 1000).Select(_ => Review()).ToArray();
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
