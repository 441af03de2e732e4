using ImplicitReg.Numerics.Experiments.HierarchicalTensorFactorization;
using ImplicitReg.Numerics.Experiments.TensorFactorization;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>Every reproducible experiment, in the order of theory.md's §8.2 figure map.</summary>
public static class ExperimentRegistry
{
    public static readonly IReadOnlyList<IExperiment> All =
    [
        new TfE1_ComponentNormDynamics(),
        new HtfE1_MfTfHtfDynamics(),
        new HtfE2_LocalComponentsAndMatricizations(),
    ];

    public static IExperiment? Find(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Info.Id, id, StringComparison.OrdinalIgnoreCase));
}
