using BenchmarkDotNet.Attributes;
using PersonalizationEngine.ML.Synthetic;
using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.Benchmarks;

/// <summary>
/// Throughput of the packaged sentence encoder (all-MiniLM-L6-v2 through ONNX Runtime on every core; target:
/// ≥ 500 texts per second on 2 cores, batched): 256 review-length texts (<see cref="SyntheticReviews"/>) in
/// batches of 16, 64 and 256, and one text at a time.
/// </summary>
[MemoryDiagnoser]
public class TextEncoderBenchmarks
{
    private const int Texts = 256;
    private TextEncoder _encoder = null!;
    private string[] _texts = [];

    [Params(16, 64, 256)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _encoder = TextEncoder.OpenMiniLm(new TextEncoderOptions { BatchSize = BatchSize });
        _texts = SyntheticReviews.Corpus(Texts, seed: 4).Select(r => r.Text).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => _encoder.Dispose();

    [Benchmark(OperationsPerInvoke = Texts)]
    public float[][] Batched() => _encoder.Encode(_texts);

    [Benchmark(OperationsPerInvoke = Texts)]
    public int OneAtATime()
    {
        var dimensions = 0;
        foreach (var text in _texts) dimensions += _encoder.Encode(text).Length;
        return dimensions;
    }
}
