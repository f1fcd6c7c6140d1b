using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Solves one row of implicit ALS, (YᵀY + λI + Yᵀ(C−I)Y) x = YᵀC p, by conjugate gradient: only the row's
/// observed columns have confidence c = 1 + α·value above 1, and p = 1 on them. Used for training passes
/// (a few steps, warm-started) and for fold-in at serving time (k steps, from zero: exact up to rounding).
/// </summary>
public sealed class ConfidenceWeightedSolver(int factors, float alpha)
{
    /// <summary>YᵀY + λI (k×k, row-major) of the fixed factors.</summary>
    public float[] Gram(ReadOnlySpan<float> fixedFactors, float regularization)
    {
        var k = factors;
        var gram = new float[k * k];
        for (var r = 0; r < fixedFactors.Length / k; r++)
        {
            var y = fixedFactors.Slice(r * k, k);
            for (var i = 0; i < k; i++) TensorPrimitives.MultiplyAdd(y, y[i], gram.AsSpan(i * k, k), gram.AsSpan(i * k, k));
        }
        for (var i = 0; i < k; i++) gram[i * k + i] += regularization;
        return gram;
    }

    public Workspace NewWorkspace() => new(factors);

    /// <summary>Improves <paramref name="x"/> in place by up to <paramref name="steps"/> CG steps.</summary>
    public void Solve(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> gram,
        Span<float> x, Workspace w, int steps)
    {
        var k = factors;
        // r = b − A·x, with b = Σ c·y over the observed columns.
        Multiply(columns, values, fixedFactors, gram, x, w.Ax);
        w.R.AsSpan().Clear();
        for (var j = 0; j < columns.Length; j++)
        {
            TensorPrimitives.MultiplyAdd(fixedFactors.Slice(columns[j] * k, k), 1 + alpha * values[j], w.R, w.R);
        }
        TensorPrimitives.Subtract(w.R, w.Ax, w.R);
        w.R.CopyTo(w.P, 0);
        var rsOld = TensorPrimitives.Dot(w.R, w.R);
        for (var step = 0; step < steps && rsOld > 1e-12f; step++)
        {
            Multiply(columns, values, fixedFactors, gram, w.P, w.Ap);
            var stepSize = rsOld / TensorPrimitives.Dot(w.P, w.Ap);
            TensorPrimitives.MultiplyAdd(w.P, stepSize, x, x);
            TensorPrimitives.MultiplyAdd(w.Ap, -stepSize, w.R, w.R);
            var rsNew = TensorPrimitives.Dot(w.R, w.R);
            TensorPrimitives.MultiplyAdd(w.P, rsNew / rsOld, w.R, w.P);
            rsOld = rsNew;
        }
    }

    /// <summary>result = (YᵀY + λI)·v + Σ (c − 1)(y·v) y over the observed columns.</summary>
    private void Multiply(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> gram,
        ReadOnlySpan<float> v, Span<float> result)
    {
        var k = factors;
        for (var i = 0; i < k; i++) result[i] = TensorPrimitives.Dot(gram.Slice(i * k, k), v);
        for (var j = 0; j < columns.Length; j++)
        {
            var y = fixedFactors.Slice(columns[j] * k, k);
            TensorPrimitives.MultiplyAdd(y, alpha * values[j] * TensorPrimitives.Dot(y, v), result, result);
        }
    }

    /// <summary>Scratch vectors for one thread.</summary>
    public sealed class Workspace(int k)
    {
        internal float[] R { get; } = new float[k];
        internal float[] P { get; } = new float[k];
        internal float[] Ap { get; } = new float[k];
        internal float[] Ax { get; } = new float[k];
    }
}
