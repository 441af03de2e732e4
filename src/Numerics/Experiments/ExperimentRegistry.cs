using ImplicitReg.Numerics.Experiments.MatrixFactorization;
using ImplicitReg.Numerics.Experiments.TensorFactorization;

namespace ImplicitReg.Numerics.Experiments;

/// <summary>Every reproducible experiment, in the order of theory.md's §8.2 figure map.</summary>
public static class ExperimentRegistry
{
    public static readonly IReadOnlyList<IExperiment> All =
    [
        new MfE1_ErrorVsInitScale(),
        new MfE3_SingularValueDynamics(),
        new TfE1_ComponentNormDynamics(),
    ];

    public static IExperiment? Find(string id) =>
        All.FirstOrDefault(e => string.Equals(e.Info.Id, id, StringComparison.OrdinalIgnoreCase));
}
