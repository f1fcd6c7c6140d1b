using PersonalizationEngine.ML.Text;

namespace PersonalizationEngine.ML.Tests;

/// <summary>The packaged sentence encoder: unit vectors whose dot products rank meaning, the same in a batch as alone.</summary>
public sealed class TextEncoderTests
{
    private static readonly Lazy<TextEncoder> Encoder = new(() => TextEncoder.OpenMiniLm());

    [Fact]
    public void Sentences_that_mean_the_same_are_closer_than_unrelated_ones()
    {
        var texts = new[] { "The battery lasts all day.", "This phone's battery life is excellent.", "The soup was cold and bland." };

        var vectors = Encoder.Value.Encode(texts);

        Assert.Equal(384, Encoder.Value.Dimension);
        Assert.All(vectors, v => Assert.Equal(1, Math.Sqrt(v.Sum(x => (double)x * x)), 4));
        Assert.True(Dot(vectors[0], vectors[1]) > Dot(vectors[0], vectors[2]) + 0.2, $"{Dot(vectors[0], vectors[1])} vs {Dot(vectors[0], vectors[2])}");
    }

    [Fact]
    public void A_text_encodes_the_same_alone_as_padded_in_a_batch()
    {
        var texts = new[] { "short", "a much longer sentence about a pair of running shoes that fit well", "" };

        var batch = Encoder.Value.Encode(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = Encoder.Value.Encode(texts[i]);
            Assert.True(Dot(alone, batch[i]) > 0.9999, $"text {i}: {Dot(alone, batch[i])}");
        }
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
