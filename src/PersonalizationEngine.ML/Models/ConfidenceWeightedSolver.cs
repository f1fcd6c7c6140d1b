using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Solves one row of implicit ALS, (YᵀY + λI + Yᵀ(C−I)Y) x = YᵀC p, by conjugate gradient: only the row's
/// observed columns have confidence c = 1 + α·value above 1, and p = 1 on them. Used for training passes
/// (a few steps, warm-started) and, solved exactly (<see cref="SolveExact"/>), for fold-in at serving time.
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

    /// <summary>
    /// G⁻¹·y for every row y of the fixed factors (row-major, like them), G = YᵀY + λI being
    /// <paramref name="gram"/>: what <see cref="SolveExact"/> needs to solve a row with few observed columns.
    /// </summary>
    public float[] SolvedRows(ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> gram)
    {
        var k = factors;
        var factored = gram.ToArray();
        CholeskyInPlace(factored, k);
        // G⁻¹ once (symmetric: row i is column i), then each row's G⁻¹y as k vector steps instead of two
        // triangular solves, whose back substitution walks a column: several times faster on a large catalog.
        var inverse = new float[k * k];
        for (var i = 0; i < k; i++)
        {
            inverse[i * k + i] = 1;
            SolveFactored(factored, k, inverse.AsSpan(i * k, k));
        }
        var solved = new float[fixedFactors.Length];
        for (var row = 0; row < solved.Length / k; row++)
        {
            var y = fixedFactors.Slice(row * k, k);
            var z = solved.AsSpan(row * k, k);
            for (var j = 0; j < k; j++) AddScaled(z, inverse.AsSpan(j * k, k), y[j]);
        }
        return solved;
    }

    /// <summary>
    /// The exact solution for one row, for fold-in at serving time. With <paramref name="solvedRows"/> (see
    /// <see cref="SolvedRows"/>) and at most k/2 observed columns, through the Woodbury identity: an h×h
    /// system for h columns instead of the k×k one (<see cref="SolveFewColumns"/>); most customers have a short
    /// history, and at 64 factors forming and factoring the k×k matrix was most of a fold-in. Otherwise by
    /// Cholesky: A = YᵀY + λI + Σ α·v·y yᵀ is formed (lower triangle only) and factored in place, on 64 factors
    /// several times faster than k CG steps, each of which multiplies by A through every observed column again.
    /// </summary>
    public void SolveExact(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlySpan<float> fixedFactors, ReadOnlySpan<float> gram,
        ReadOnlySpan<float> solvedRows, Span<float> x)
    {
        if (alpha > 0 && !solvedRows.IsEmpty && 2 * columns.Length <= factors)
        {
            SolveFewColumns(columns, values, fixedFactors, solvedRows, x);
            return;
        }
        var k = factors;
        var rented = ArrayPool<float>.Shared.Rent(k * k);
        try
        {
            var a = rented.AsSpan(0, k * k);
            gram.CopyTo(a);
            x.Clear();
            for (var j = 0; j < columns.Length; j++)
            {
                var y = fixedFactors.Slice(columns[j] * k, k);
                var weight = alpha * values[j];
                AddToLowerTriangle(a, y, weight);
                TensorPrimitives.MultiplyAdd(y, 1 + weight, x, x);
            }
            CholeskyInPlace(a, k);
            SolveFactored(a, k, x);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// A = G + Y_hᵀ C Y_h for the h observed rows Y_h with confidences C = α·v (all above 0), b = Σ (1 + c)·y.
    /// By Woodbury, A⁻¹b = u − Z_hᵀ w with u = G⁻¹b = Σ (1 + c)·z (z = G⁻¹y, precomputed), and
    /// (C⁻¹ + Y_h Z_hᵀ) w = Y_h u, a symmetric positive definite h×h system.
    /// </summary>
    private void SolveFewColumns(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, ReadOnlySpan<float> fixedFactors,
        ReadOnlySpan<float> solvedRows, Span<float> x)
    {
        var (k, h) = (factors, columns.Length);
        var rented = ArrayPool<float>.Shared.Rent(h * h + h);
        try
        {
            var m = rented.AsSpan(0, h * h);
            var w = rented.AsSpan(h * h, h);
            x.Clear();
            for (var j = 0; j < h; j++) TensorPrimitives.MultiplyAdd(solvedRows.Slice(columns[j] * k, k), 1 + alpha * values[j], x, x);
            for (var i = 0; i < h; i++)
            {
                var y = fixedFactors.Slice(columns[i] * k, k);
                for (var j = 0; j <= i; j++) m[i * h + j] = TensorPrimitives.Dot(y, solvedRows.Slice(columns[j] * k, k));
                m[i * h + i] += 1 / (alpha * values[i]);
                w[i] = TensorPrimitives.Dot(y, x);
            }
            CholeskyInPlace(m, h);
            SolveFactored(m, h, w);
            for (var j = 0; j < h; j++) TensorPrimitives.MultiplyAdd(solvedRows.Slice(columns[j] * k, k), -w[j], x, x);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>Solves L Lᵀ x = b in place (b given in x), L the factor <see cref="CholeskyInPlace"/> left in the lower triangle.</summary>
    private static void SolveFactored(ReadOnlySpan<float> factored, int k, Span<float> x)
    {
        for (var i = 0; i < k; i++) x[i] = (x[i] - TensorPrimitives.Dot(factored.Slice(i * k, i), x[..i])) / factored[i * k + i];
        for (var i = k - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var r = i + 1; r < k; r++) sum -= factored[r * k + i] * x[r];
            x[i] = sum / factored[i * k + i];
        }
    }

    /// <summary>a += weight · y yᵀ, lower triangle only.</summary>
    private static void AddToLowerTriangle(Span<float> a, ReadOnlySpan<float> y, float weight)
    {
        var k = y.Length;
        for (var i = 0; i < k; i++)
        {
            var length = WholeVectors(i + 1, k);
            AddScaled(a.Slice(i * k, length), y[..length], weight * y[i]);
        }
    }

    /// <summary>
    /// A = L Lᵀ, L written over A's lower triangle (row-major; the upper triangle is not read), column by
    /// column: each column, once scaled, is subtracted from the rows below it (vector work, not k²/2 dot products).
    /// </summary>
    private static void CholeskyInPlace(Span<float> a, int k)
    {
        Span<float> column = stackalloc float[k];
        for (var j = 0; j < k; j++)
        {
            var diagonal = MathF.Sqrt(a[j * k + j]);
            a[j * k + j] = diagonal;
            for (var i = j + 1; i < k; i++) column[i] = a[i * k + j] /= diagonal;
            for (var i = j + 1; i < k; i++)
            {
                var length = WholeVectors(i - j, k - j - 1);
                AddScaled(a.Slice(i * k + j + 1, length), column.Slice(j + 1, length), -column[i]);
            }
        }
    }

    /// <summary>
    /// A row's lower part, rounded up to whole vectors where the row is long enough: what spills over lands
    /// in the upper triangle, which is never read, and saves a scalar tail on every row.
    /// </summary>
    private static int WholeVectors(int length, int rowEnd) => Math.Min(rowEnd, (length + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count);

    /// <summary>
    /// target += scale · source. A loop of its own: the rows here are short, and a library call per row
    /// spends more on the call than on the row's few vectors.
    /// </summary>
    private static void AddScaled(Span<float> target, ReadOnlySpan<float> source, float scale)
    {
        var lanes = Vector<float>.Count;
        ref var to = ref MemoryMarshal.GetReference(target);
        ref var from = ref MemoryMarshal.GetReference(source);
        var scaled = new Vector<float>(scale);
        var c = 0;
        for (; c + lanes <= target.Length; c += lanes)
            Vector.FusedMultiplyAdd(scaled, Vector.LoadUnsafe(ref from, (nuint)c), Vector.LoadUnsafe(ref to, (nuint)c)).StoreUnsafe(ref to, (nuint)c);
        for (; c < target.Length; c++) Unsafe.Add(ref to, c) += scale * Unsafe.Add(ref from, c);
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
