using System.Runtime.InteropServices;

namespace PersonalizationEngine.ML.Models;

/// <summary>
/// A symmetric float matrix kept as its lower triangle of square blocks: block (I, J) for I ≥ J, each
/// <see cref="BlockSize"/> × <see cref="BlockSize"/> row-major, one after another. Half the memory of the full
/// matrix (0.8 GB at 20,000 rows) and whole blocks for the SIMD kernels of <see cref="BlockedInverse"/>. Diagonal
/// blocks are stored whole (both triangles). The size is padded to whole blocks with the identity: the rows and
/// columns past <see cref="Size"/> are zero but for a 1 on the diagonal, which leaves the inverse's real part and
/// every real entry as they are. The blocks live in native memory, so that <see cref="Dispose"/> hands them back
/// to the system at once: a matrix this size left to the garbage collector stays resident until a full
/// collection and then some, and what trains next would count it in its own peak.
/// </summary>
public sealed unsafe class SymmetricMatrix : IDisposable
{
    public const int DefaultBlockSize = 256;

    private readonly int _shift;
    private readonly long _length;
    private float* _data;

    /// <param name="blockSize">A power of two and a multiple of 16 (the kernels' tile width).</param>
    public SymmetricMatrix(int size, int blockSize = DefaultBlockSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (blockSize < 16 || (blockSize & (blockSize - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(blockSize), "a power of two, at least 16");
        Size = size;
        BlockSize = blockSize;
        _shift = System.Numerics.BitOperations.Log2((uint)blockSize);
        BlockCount = BlocksFor(size, blockSize);
        _length = Bytes(size, blockSize) / sizeof(float);
        if (_length > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(size), $"{size} rows are too many for one matrix");
        _data = (float*)NativeMemory.AllocZeroed((nuint)_length, sizeof(float));
        for (var i = size; i < PaddedSize; i++) At(i, i) = 1;
    }

    ~SymmetricMatrix() => Free();

    /// <summary>The native memory a matrix of <paramref name="size"/> rows takes.</summary>
    public static long Bytes(int size, int blockSize = DefaultBlockSize)
    {
        long blocks = BlocksFor(size, blockSize);
        return blocks * (blocks + 1) / 2 * blockSize * blockSize * sizeof(float);
    }

    private static int BlocksFor(int size, int blockSize) => Math.Max(1, (size + blockSize - 1) / blockSize);

    public int Size { get; }
    public int BlockSize { get; }
    public int BlockCount { get; }
    public int PaddedSize => BlockCount * BlockSize;

    /// <summary>Every stored block, block (I, J) from <see cref="OffsetOf"/>.</summary>
    internal Span<float> Data => new(Stored, (int)_length);

    /// <summary>Where block (<paramref name="row"/>, <paramref name="column"/>) starts in <see cref="Data"/>; row ≥ column.</summary>
    internal int OffsetOf(int row, int column) => (int)(((long)row * (row + 1) / 2 + column) * BlockSize * BlockSize);

    internal Span<float> Block(int row, int column) => new(Stored + OffsetOf(row, column), BlockSize * BlockSize);

    /// <summary>Entry (i, j), either order (above the diagonal blocks, the stored entry (j, i)).</summary>
    public ref float At(int i, int j)
    {
        if (i >> _shift < j >> _shift) (i, j) = (j, i);
        var mask = BlockSize - 1;
        return ref Stored[OffsetOf(i >> _shift, j >> _shift) + ((i & mask) << _shift) + (j & mask)];
    }

    /// <summary>Adds <paramref name="value"/> to entries (i, j) and (j, i) (once on the diagonal).</summary>
    public void AddSymmetric(int i, int j, float value)
    {
        At(i, j) += value;
        // A diagonal block holds both triangles; elsewhere (j, i) is the same stored entry.
        if (i != j && i >> _shift == j >> _shift) At(j, i) += value;
    }

    /// <summary>Writes row <paramref name="i"/>'s first <see cref="Size"/> entries into <paramref name="row"/>.</summary>
    public void CopyRow(int i, Span<float> row)
    {
        var (b, blockRow, r) = (BlockSize, i >> _shift, i & (BlockSize - 1));
        for (var column = 0; column < BlockCount; column++)
        {
            var width = Math.Min(b, Size - column * b);
            if (width <= 0) break;
            var target = row.Slice(column * b, width);
            if (column <= blockRow)
            {
                Block(blockRow, column).Slice(r * b, width).CopyTo(target);
            }
            else
            {
                // Above the diagonal: column r of the block below it.
                var block = Block(column, blockRow);
                for (var c = 0; c < width; c++) target[c] = block[c * b + r];
            }
        }
        // The spans point into memory the finalizer frees: this stays reachable until they are done.
        GC.KeepAlive(this);
    }

    public SymmetricMatrix Clone()
    {
        var copy = new SymmetricMatrix(Size, BlockSize);
        Data.CopyTo(copy.Data);
        GC.KeepAlive(this);
        return copy;
    }

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private float* Stored => _data != null ? _data : throw new ObjectDisposedException(nameof(SymmetricMatrix));

    private void Free()
    {
        if (_data == null) return;
        NativeMemory.Free(_data);
        _data = null;
    }
}
