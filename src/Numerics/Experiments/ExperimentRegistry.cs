using ImplicitReg.Numerics.Experiments.DeepTensorFactorization;
using ImplicitReg.Numerics.Experiments.NotExplainableByNorms;
using ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Experiments.MatrixFactorization;
using ImplicitReg.Numerics.Experiments.TensorFactorization;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>Every reproducible experiment, in the order of theory.md's §8.2 figure map.</summary>
public static class ExperimentRegistry
{
    public static readonly IReadOnlyList<IExperiment> All =
    [
        new MfE1_ErrorVsInitScale(),
        new MfE2_DepthVsNuclearNorm(),
        new MfE3_SingularValueDynamics(),
        new NnE1_UnobservedEntryVsLoss(),
        new NnE2_TensorCompletionRank(),
        new TfE1_ComponentNormDynamics(),
        new TfE3_TensorRankComplexity(),
        new HtfE1_MfTfHtfDynamics(),
        new HtfE2_LocalComponentsAndMatricizations(),
        new DtE1_DeepTuckerMultilinearRank(),
    ];

    public static IExperiment? Find(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Info.Id, id, StringComparison.OrdinalIgnoreCase));
}
