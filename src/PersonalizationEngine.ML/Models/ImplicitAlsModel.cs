using System.Numerics.Tensors;
using PersonalizationEngine.ML.Data;
using PersonalizationEngine.ML.Ranking;

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
    private readonly ConfidenceWeightedSolver _solver = new(options.Factors, options.Alpha);
    private float[] _userFactors = [];
    private float[] _itemFactors = [];
    private IdIndex? _items;

    public string Name => "als";

    public ImplicitAlsOptions Options => options;

    public int Factors => options.Factors;

    /// <summary>Item factors, row-major (items × factors).</summary>
    public ReadOnlySpan<float> ItemFactors => _itemFactors;

    public void Fit(InteractionMatrix train, IProgress<double>? progress = null)
    {
        var random = new Random(options.Seed);
        _userFactors = RandomFactors(train.UserCount, random);
        _itemFactors = RandomFactors(train.ItemCount, random);
        _items = train.Items;
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            SolveRows(train.ByUser, _userFactors, _itemFactors);
            SolveRows(train.ByItem, _itemFactors, _userFactors);
            progress?.Report((iteration + 1.0) / options.Iterations);
        }
    }

    public void Score(int user, Span<float> scores)
    {
        var x = _userFactors.AsSpan(user * Factors, Factors);
        for (var item = 0; item < scores.Length; item++)
        {
            scores[item] = TensorPrimitives.Dot(x, _itemFactors.AsSpan(item * Factors, Factors));
        }
    }

    /// <summary>What serving needs: the item factors with their ids, ready for fold-in, and the item-to-item model trained on the same matrix.</summary>
    public ItemFactorSnapshot ToSnapshot(ItemNeighbors? neighbors = null, ServedBlend? blend = null) =>
        new(Enumerable.Range(0, _items!.Count).Select(_items.IdOf).ToArray(), _itemFactors.ToArray(), Factors, options.Alpha, options.Regularization,
            neighbors, blend);

    private void SolveRows(InteractionMatrix.Csr rows, float[] solved, float[] fixedFactors)
    {
        var gram = _solver.Gram(fixedFactors, options.Regularization);
        var k = Factors;
        Parallel.For(0, rows.Offsets.Length - 1, TrainingThreads.Options, _solver.NewWorkspace, (r, _, work) =>
        {
            _solver.Solve(rows.ColumnsOf(r), rows.ValuesOf(r), fixedFactors, gram, solved.AsSpan(r * k, k), work, options.ConjugateGradientSteps);
            return work;
        }, _ => { });
    }

    private float[] RandomFactors(int rows, Random random)
    {
        var factors = new float[rows * Factors];
        for (var i = 0; i < factors.Length; i++) factors[i] = (float)(random.NextDouble() * 0.02 - 0.01);
        return factors;
    }
}
