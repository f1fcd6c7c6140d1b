using PersonalizationEngine.ML.Models;

namespace PersonalizationEngine.ML.Tests;

public sealed class BlockedInverseTests
{
    /// <summary>Sizes around the block size, so the pivot blocks, the block products and the padded edge are all exercised.</summary>
    [Theory]
    [InlineData(7, SymmetricMatrix.DefaultBlockSize)]
    [InlineData(SymmetricMatrix.DefaultBlockSize, SymmetricMatrix.DefaultBlockSize)]
    [InlineData(2 * SymmetricMatrix.DefaultBlockSize + 37, SymmetricMatrix.DefaultBlockSize)]
    [InlineData(101, 16)]
    public void Inverse_times_the_matrix_is_the_identity(int n, int blockSize)
    {
        var matrix = GramLike(n);
        using var inverse = new SymmetricMatrix(n, blockSize);
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++) inverse.AddSymmetric(i, j, (float)matrix[i, j]);

        BlockedInverse.InvertSymmetricPositiveDefinite(inverse);

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = 0.0;
                for (var k = 0; k < n; k++) product += matrix[i, k] * inverse.At(k, j);
                Assert.True(Math.Abs(product - (i == j ? 1 : 0)) < 1e-4, $"(A·A⁻¹)[{i}, {j}] = {product}");
            }
        }
    }

    [Fact]
    public void A_matrix_that_is_not_positive_definite_is_refused()
    {
        using var matrix = new SymmetricMatrix(2);
        matrix.AddSymmetric(0, 0, 1);
        matrix.AddSymmetric(1, 1, 1);
        matrix.AddSymmetric(1, 0, 2);
        Assert.Throws<InvalidOperationException>(() => BlockedInverse.InvertSymmetricPositiveDefinite(matrix));
    }

    [Fact]
    public void A_row_reads_the_same_entries_on_both_sides_of_the_diagonal()
    {
        const int n = 70;
        using var matrix = new SymmetricMatrix(n, blockSize: 16);
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++) matrix.AddSymmetric(i, j, i * 1000 + j);
        var row = new float[n];
        foreach (var i in new[] { 0, 15, 16, 33, 69 })
        {
            matrix.CopyRow(i, row);
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(Math.Max(i, j) * 1000 + Math.Min(i, j), row[j]);
                Assert.Equal(row[j], matrix.At(j, i));
            }
        }
    }

    /// <summary>A Gram matrix of sparse binary rows plus λ on the diagonal: the shape EASE inverts.</summary>
    private static double[,] GramLike(int n)
    {
        var random = new Random(n);
        var matrix = new double[n, n];
        for (var user = 0; user < 3 * n; user++)
        {
            var items = Enumerable.Range(0, 12).Select(_ => random.Next(n)).Distinct().ToArray();
            foreach (var a in items)
                foreach (var b in items) matrix[a, b] += 1;
        }
        for (var i = 0; i < n; i++) matrix[i, i] += 5;
        return matrix;
    }
}
