using ImplicitReg.Numerics.Initialization;
using ImplicitReg.Numerics.Losses;
using ImplicitReg.Numerics.Specs;

namespace ImplicitReg.Cli.Config;

/// <summary>
/// The `simulate` configuration (JSON or TOML) → <see cref="SimulationSpec"/>. Every error names the field:
/// <c>optimizer.lr: must be positive, got 0</c>. The accepted fields are documented in README ("Configuration").
/// </summary>
public static class SimulationConfig
{
    public static SimulationSpec Read(ConfigNode root)
    {
        var model = Model(root.Object("model"));
        var target = Target(root.Object("target"));
        var observations = Observations(root.Object("observations"));
        var init = Init(root.Object("init"));
        var optimizer = Optimizer(root.Object("optimizer"));
        var run = Run(root.Object("run"));
        var record = root.Has("record") ? root.StringArray("record") : [];
        root.RejectUnknownFields();
        return new SimulationSpec(model, target, observations, init, optimizer, run, record);
    }

    private static ModelSpec Model(ConfigNode n)
    {
        var kind = n.String("kind", ["deep-mf", "cp", "deep-cp", "htf", "tucker", "deep-tucker"]);
        ModelSpec spec = kind switch
        {
            "deep-mf" => new DeepMatrixSpec(n.IntArray("widths", min: 1, minLength: 2)),
            "cp" => new CpSpec(n.IntArray("dims", min: 1), n.Int("rank", min: 1)),
            "deep-cp" => new DeepCpSpec(n.IntArray("dims", min: 1), n.Int("rank", min: 1), n.Int("depth", min: 1)),
            "htf" => new HierarchicalSpec(n.IntArray("dims", min: 1), n.String("tree", "checkerboard"), n.Int("width", min: 1)),
            "tucker" => new TuckerSpec(n.IntArray("dims", min: 1), n.IntArray("ranks", min: 1)),
            _ => new DeepTuckerSpec(n.IntArray("dims", min: 1), n.Int("depth", min: 1)),
        };
        n.RejectUnknownFields();
        return spec;
    }

    private static TargetSpec Target(ConfigNode n)
    {
        var kind = n.String("kind", ["low-rank", "cp", "ht", "tucker", "npy"]);
        TargetSpec spec = kind switch
        {
            "low-rank" => new LowRankMatrixTarget(n.Int("rank", min: 1), n.Int("seed", 0), n.Double("norm", 1.0, positive: true)),
            "cp" => new CpTarget(n.Int("rank", min: 1), n.Int("seed", 0), n.Double("norm", 1.0, positive: true)),
            "ht" => new HtTarget(n.String("tree", "checkerboard"), n.Int("rank", min: 1), n.Int("seed", 0), n.Double("norm", 1.0, positive: true)),
            "tucker" => new TuckerTarget(n.Int("rank", min: 1), n.Int("seed", 0)),
            _ => new NpyTarget(n.String("path")),
        };
        n.RejectUnknownFields();
        return spec;
    }

    private static MeasurementSpec Observations(ConfigNode n)
    {
        var kind = n.String("kind", "completion", ["completion", "sensing"]) == "completion" ? MeasurementKind.Completion : MeasurementKind.Sensing;
        var spec = new MeasurementSpec(kind, n.Int("count", min: 1), n.Int("seed", 0),
            n.String("normalization", "mean", ["mean", "half-sum"]) == "mean" ? LossNormalization.Mean : LossNormalization.HalfSum,
            n.Has("indices") ? n.String("indices") : null);
        if (spec.IndicesPath is not null && kind != MeasurementKind.Completion)
            throw new ConfigException($"{n.Path}.indices", "only completion observations can be read from a file");
        n.RejectUnknownFields();
        return spec;
    }

    private static InitSpec Init(ConfigNode n)
    {
        var kind = n.String("kind", "gaussian", ["gaussian", "identity", "npy"]);
        InitSpec spec;
        if (kind == "npy") spec = new NpyInit(n.String("path"));
        else if (kind == "identity") spec = new IdentityInitSpec(n.Double("scale", min: 0));
        else
        {
            var convention = n.String("convention", "rmc-entry-std", ["achl19-product-scale", "rc20-layer-std", "rmc-entry-std", "h24-code-std"]) switch
            {
                "achl19-product-scale" => InitScaleConvention.Achl19ProductScale,
                "rc20-layer-std" => InitScaleConvention.Rc20LayerStd,
                "h24-code-std" => InitScaleConvention.H24CodeStd,
                _ => InitScaleConvention.RmcEntryStd,
            };
            spec = new GaussianInitSpec(n.Double("scale", min: 0), convention, n.Int("seed", 0), n.Bool("balanced", false));
        }
        n.RejectUnknownFields();
        return spec;
    }

    private static OptimizerSpec Optimizer(ConfigNode n)
    {
        var kind = n.String("kind", ["gd", "group-rmsprop"]);
        OptimizerSpec spec = kind == "gd"
            ? new GradientDescentSpec(n.Double("lr", positive: true))
            : new GroupRmsPropSpec(n.Double("lr", positive: true), n.Double("alpha", 0.99, min: 0, max: 0.999999), n.Double("eps", 1e-6, positive: true));
        n.RejectUnknownFields();
        return spec;
    }

    private static RunSpec Run(ConfigNode n)
    {
        var spec = new RunSpec(n.Int("max-steps", min: 1), n.Int("log-every", 100, min: 1),
            n.Has("loss-threshold") ? n.Double("loss-threshold", positive: true) : null,
            n.Int("patience", 1, min: 1), n.Double("divergence-factor", 1e6, min: 1));
        n.RejectUnknownFields();
        return spec;
    }
}
