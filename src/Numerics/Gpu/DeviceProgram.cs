using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Specs;
using ImplicitReg.Numerics.Training;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The device form of one problem structure (model × loss kind × measurement count × recorded quantities): the encoded
/// op list (gradient program = the model's forward ops as derived from its definition, the squared-error loss, and the
/// backward ops derived by <see cref="ReverseMode"/>; then forward-only quantity programs), the per-problem size of each
/// arena segment, the structural index lists, and how each problem's loss fills its data and index lists.
/// </summary>
public sealed class DeviceProgram
{
    internal sealed record DataBinding(DeviceTensor Block, Action<ILoss, Span<double>> Bind);

    internal sealed record IndexBinding(IndexList List, Func<ILoss, int[]> Bind);

    /// <summary>A forward-only quantity program: ops [First, First + Count), its outputs, and the host's finishing step to the recorded columns.</summary>
    public sealed record QuantityRange(string Name, int First, int Count, DeviceTensor Output, Action<ReadOnlySpan<double>, Span<double>> Finish);

    private readonly IReadOnlyList<DataBinding> _data;
    private readonly IReadOnlyList<IndexBinding> _lists;

    internal DeviceProgram(IFactorization model, int[] encoded, int opCount, (int First, int Count) gradient, int lossOffset, int[] segmentSizes,
        int[] sharedInts, int perProblemInts, IReadOnlyList<DataBinding> data, IReadOnlyList<IndexBinding> lists, IReadOnlyList<QuantityRange> quantities)
    {
        Model = model;
        Encoded = encoded;
        OpCount = opCount;
        Gradient = gradient;
        LossOffset = lossOffset;
        SegmentSizes = segmentSizes;
        SharedInts = sharedInts;
        PerProblemInts = perProblemInts;
        _data = data;
        _lists = lists;
        Quantities = quantities;
    }

    public IFactorization Model { get; }

    /// <summary>The op records (<see cref="OpRecord.Width"/> ints each).</summary>
    public int[] Encoded { get; }

    public int OpCount { get; }

    /// <summary>The ops of the gradient program (forward, loss, backward).</summary>
    public (int First, int Count) Gradient { get; }

    /// <summary>Offset of ℒ in the <see cref="Segment.Values"/> segment.</summary>
    public int LossOffset { get; }

    /// <summary>Per-problem length of each <see cref="Segment"/>.</summary>
    public IReadOnlyList<int> SegmentSizes { get; }

    public int[] SharedInts { get; }

    /// <summary>Per-problem length of the <see cref="IntSegment.PerProblem"/> segment.</summary>
    public int PerProblemInts { get; }

    public IReadOnlyList<QuantityRange> Quantities { get; }

    public int Parameters => SegmentSizes[(int)Segment.Theta];

    /// <summary>Tensor values per problem over all segments.</summary>
    public long ValuesPerProblem => SegmentSizes.Sum(s => (long)s);

    /// <summary>The ops of the gradient program in order, decoded for reading (tests, reports).</summary>
    public IEnumerable<OpCode> GradientOps() =>
        Enumerable.Range(Gradient.First, Gradient.Count).Select(i => (OpCode)Encoded[i * OpRecord.Width + OpRecord.Code]);

    /// <summary>Fills one problem's data block and per-problem index lists (with their inverses) from its loss.</summary>
    public void Bind(ILoss loss, Span<double> data, Span<int> ints)
    {
        data.Clear();
        foreach (var d in _data) d.Bind(loss, data.Slice(d.Block.Offset, d.Block.Size));
        foreach (var (list, bind) in _lists)
        {
            var values = bind(loss);
            if (values.Length != list.Count) throw new ArgumentException($"A per-problem index list needs {list.Count} entries, the loss gave {values.Length}.");
            values.CopyTo(ints.Slice(list.Offset, list.Count));
            IndexList.Invert(values, list.Sources, ints.Slice(list.Starts, list.Sources + 1), ints.Slice(list.Entries, list.Count));
        }
    }

    /// <summary>
    /// The device program of <paramref name="model"/> with a loss of the kind and size of <paramref name="loss"/>
    /// (completion: ℒ on the observed entries; sensing: ℒ on ⟨𝒜ᵢ, 𝒲⟩), and device programs for those of
    /// <paramref name="quantities"/> that have one (<see cref="QuantityGraphs"/>; the others are evaluated on the host).
    /// </summary>
    public static DeviceProgram For(IFactorization model, ILoss loss, IReadOnlyList<IQuantity> quantities)
    {
        if (!model.EndShape.Equals(loss.Shape))
            throw new ArgumentException($"The model's end tensor {model.EndShape} and the loss's tensor {loss.Shape} differ in shape.");
        var builder = new ProgramBuilder(model);
        var measured = ModelGraphs.Measurements(builder, model, loss);
        int m = loss.MeasurementCount;
        var targets = builder.ProblemData(m + 2, 1, (l, span) =>
        {
            switch (l)
            {
                case CompletionLoss c: c.Values.CopyTo(span); break;
                case SensingLoss s: s.Targets.CopyTo(span); break;
                default: throw new ArgumentException($"The device backend has no program for a {l.GetType().Name}.");
            }
            span[m] = SquaredError.Scale(l.Normalization, m);
            span[m + 1] = SquaredError.ResidualWeight(l.Normalization, m);
        });
        builder.FinishGradient(builder.SquaredError(measured, targets));
        foreach (var q in quantities)
            if (q is CatalogQuantity catalog) QuantityGraphs.TryAdd(builder, model, catalog);
        return builder.Build();
    }

    /// <summary>Problems batch together when their models, loss kinds and sizes and recorded quantities agree.</summary>
    public static string StructureKey(IFactorization model, ILoss loss, IReadOnlyList<IQuantity> quantities) =>
        $"{model.GetType().Name}|{model.Name}|{loss.GetType().Name}|m={loss.MeasurementCount}|{string.Join(",", quantities.Select(q => q is CatalogQuantity c ? c.Spec : string.Join("/", q.Columns)))}";
}
