using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Tests;

public sealed class BlockedInverseTests
{
    /// <summary>Sizes around the block size, so the diagonal blocks, the block products and the ragged edges are all exercised.</summary>
    [Theory]
    [InlineData(7)]
    [InlineData(BlockedInverse.BlockSize)]
    [InlineData(2 * BlockedInverse.BlockSize + 37)]
    public void Inverse_times_the_matrix_is_the_identity(int n)
    {
        var random = new Random(n);
        // A Gram matrix of sparse binary rows plus λ on the diagonal: the shape EASE inverts.
        var matrix = new float[n * n];
        for (var user = 0; user < 3 * n; user++)
        {
            var items = Enumerable.Range(0, 12).Select(_ => random.Next(n)).Distinct().ToArray();
            foreach (var a in items)
                foreach (var b in items) matrix[a * n + b] += 1;
        }
        for (var i = 0; i < n; i++) matrix[i * n + i] += 5;
        var inverse = (float[])matrix.Clone();

        BlockedInverse.InvertSymmetricPositiveDefinite(inverse, n);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = 0.0;
                for (var k = 0; k < n; k++) product += (double)matrix[i * n + k] * inverse[k * n + j];
                Assert.True(Math.Abs(product - (i == j ? 1 : 0)) < 1e-4, $"(A·A⁻¹)[{i}, {j}] = {product}");
            }
        }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        float[] matrix = [1, 2, 2, 1];
        Assert.Throws<InvalidOperationException>(() => BlockedInverse.InvertSymmetricPositiveDefinite(matrix, 2));
    }
}
