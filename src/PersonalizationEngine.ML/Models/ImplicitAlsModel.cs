using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// Weighted matrix factorization for implicit feedback (Hu, Koren, Volinsky 2008): every user–item pair
/// is a target (1 if observed, else 0) weighted by confidence 1 + α·value, fitted by alternating least
/// squares. Each row's k×k system is solved approximately by a few conjugate-gradient steps, warm-started
/// from the previous pass (Takács et al. 2011), so a pass costs O(nnz·k + rows·k²) with no k³ solve.
/// Rows are solved in parallel; dot products use SIMD. Deterministic for a seed.
/// </summary>
public sealed class ImplicitAlsModel(ImplicitAlsOptions options) : IRankingModel
{
    private float[] _userFactors = [];
    private float[] _itemFactors = [];

    public string Name => "als";

    public ImplicitAlsOptions Options => options;

    public int Factors => options.Factors;

    /// <summary>Item factors, row-major (items × factors).</summary>
    public ReadOnlySpan<float> ItemFactors => _itemFactors;

    public ReadOnlySpan<float> UserFactor(int user) => _userFactors.AsSpan(user * Factors, Factors);

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        var random = new Random(options.Seed);
        _userFactors = RandomFactors(train.UserCount, random);
        _itemFactors = RandomFactors(train.ItemCount, random);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            SolveRows(train.ByUser, _userFactors, _itemFactors);
            SolveRows(train.ByItem, _itemFactors, _userFactors);
            progress?.Report((iteration + 1.0) / options.Iterations);
        }
    }

    public void Score(int user, Span<float> scores)
    {
        var x = UserFactor(user);
        for (var item = 0; item < scores.Length; item++)
        {
            scores[item] = TensorPrimitives.Dot(x, _itemFactors.AsSpan(item * Factors, Factors));
        }
    }

    /// <summary>
    /// The least-squares solution for one row given fixed <paramref name="fixedFactors"/>, from scratch
    /// (fold-in of a new or changed user against the current item factors).
    /// </summary>
    public float[] FoldIn(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, int conjugateGradientSteps = 0)
    {
        var gram = Gram(_itemFactors);
        var row = new float[Factors];
        var work = new Workspace(Factors);
        // Exact enough: as many CG steps as dimensions solve the k×k system (up to rounding).
        SolveRow(columns, values, _itemFactors, gram, row, work, conjugateGradientSteps > 0 ? conjugateGradientSteps : Factors);
        return row;
    }

    private void SolveRows(InteractionMatrix.Csr rows, float[] solved, float[] fixedFactors)
    {
        var gram = Gram(fixedFactors);
        var k = Factors;
        Parallel.For(0, rows.Offsets.Length - 1, () => new Workspace(k), (r, _, work) =>
        {
            SolveRow(rows.ColumnsOf(r), rows.ValuesOf(r), fixedFactors, gram, solved.AsSpan(r * k, k), work, options.ConjugateGradientSteps);
            return work;
        }, _ => { });
    }

    /// <summary>
    /// Conjugate gradient on (YᵀY + λI + Yᵀ(C−I)Y) x = YᵀC p for one row, where only the row's observed
    /// columns have confidence above 1 and p = 1 on them.
    /// </summary>
    private void SolveRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, float[] fixedFactors, float[] gram, Span<float> x, Workspace w, int steps)
    {
        var k = Factors;
        // r = b − A·x, with b = Σ c·y over the observed columns.
        Multiply(columns, values, fixedFactors, gram, x, w.Ax);
        w.R.AsSpan().Clear();
        for (var j = 0; j < columns.Length; j++)
        {
            var confidence = 1 + options.Alpha * values[j];
            TensorPrimitives.MultiplyAdd(fixedFactors.AsSpan(columns[j] * k, k), confidence, w.R, w.R);
        }
        TensorPrimitives.Subtract(w.R, w.Ax, w.R);
        w.R.CopyTo(w.P, 0);
        var rsOld = TensorPrimitives.Dot(w.R, w.R);
        for (var step = 0; step < steps && rsOld > 1e-12f; step++)
        {
            Multiply(columns, values, fixedFactors, gram, w.P, w.Ap);
            var alpha = rsOld / TensorPrimitives.Dot(w.P, w.Ap);
            TensorPrimitives.MultiplyAdd(w.P, alpha, x, x);
            TensorPrimitives.MultiplyAdd(w.Ap, -alpha, w.R, w.R);
            var rsNew = TensorPrimitives.Dot(w.R, w.R);
            TensorPrimitives.MultiplyAdd(w.P, rsNew / rsOld, w.R, w.P);
            rsOld = rsNew;
        }
    }

    /// <summary>result = (YᵀY + λI)·v + Σ (c − 1)(y·v) y over the observed columns.</summary>
    private void Multiply(ReadOnlySpan<int> columns, ReadOnlySpan<float> values, float[] fixedFactors, float[] gram, ReadOnlySpan<float> v, Span<float> result)
    {
        var k = Factors;
        for (var i = 0; i < k; i++) result[i] = TensorPrimitives.Dot(gram.AsSpan(i * k, k), v);
        for (var j = 0; j < columns.Length; j++)
        {
            var y = fixedFactors.AsSpan(columns[j] * k, k);
            TensorPrimitives.MultiplyAdd(y, options.Alpha * values[j] * TensorPrimitives.Dot(y, v), result, result);
        }
    }

    /// <summary>YᵀY + λI (k×k, row-major).</summary>
    private float[] Gram(float[] factors)
    {
        var k = Factors;
        var rows = factors.Length / k;
        var gram = new float[k * k];
        for (var r = 0; r < rows; r++)
        {
            var y = factors.AsSpan(r * k, k);
            for (var i = 0; i < k; i++) TensorPrimitives.MultiplyAdd(y, y[i], gram.AsSpan(i * k, k), gram.AsSpan(i * k, k));
        }
        for (var i = 0; i < k; i++) gram[i * k + i] += options.Regularization;
        return gram;
    }

    private float[] RandomFactors(int rows, Random random)
    {
        var factors = new float[rows * Factors];
        for (var i = 0; i < factors.Length; i++) factors[i] = (float)(random.NextDouble() * 0.02 - 0.01);
        return factors;
    }

    private sealed class Workspace(int k)
    {
        public float[] R { get; } = new float[k];
        public float[] P { get; } = new float[k];
        public float[] Ap { get; } = new float[k];
        public float[] Ax { get; } = new float[k];
    }
}
