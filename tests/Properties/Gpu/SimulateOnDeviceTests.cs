using ImplicitReg.TestSupport;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ImplicitReg.Numerics.IO;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// `implicitreg simulate --device` as a separate process: the device run follows the managed run and its summary names
/// the device; `--device gpu` without CUDA falls back with a notice; periodic checkpoints and a kill with `--resume`
/// end bit-identical to an uninterrupted device run; bad device input exits 2 with one line.
/// </summary>
public sealed class SimulateOnDeviceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("implicitreg-gpu-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Process Start(params string[] args) => CliProcess.Start(args);

    private static (int Code, string Out, string Err) Run(params string[] args) => CliProcess.Run(args);

    private string Config(string name, int steps, string model = "\"kind\": \"deep-mf\", \"widths\": [5, 5, 5, 5]", string target = "\"kind\": \"low-rank\", \"rank\": 2, \"seed\": 1",
        string record = "\"reconstruction-error\", \"singular-values:2\", \"balancedness\", \"det\"")
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, $$"""
        {
          "model": { {{model}} },
          "target": { {{target}} },
          "observations": { "kind": "completion", "count": 15, "seed": 2 },
          "init": { "kind": "gaussian", "scale": 0.1, "convention": "rmc-entry-std", "seed": 3 },
          "optimizer": { "kind": "group-rmsprop", "lr": 0.002 },
          "run": { "max-steps": {{steps}}, "log-every": 10 },
          "record": [{{record}}]
        }
        """);
        return path;
    }

    private static string Device(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["device"]!.GetValue<string>();

    [Fact]
    public void SimulateOnTheDeviceFollowsTheManagedRunAndNamesTheDevice()
    {
        var config = Config("run.json", 400);
        string managed = Path.Combine(_dir, "managed"), device = Path.Combine(_dir, "device");
        Assert.Equal(0, Run("simulate", config, "--out", managed).Code);
        var (code, stdout, _) = Run("simulate", config, "--out", device, "--device", "cpu");
        Assert.Equal(0, code);
        Assert.Contains("device: ILGPU CPU accelerator", stdout);
        Assert.Equal("cpu (managed)", Device(managed));
        Assert.StartsWith("ILGPU CPU accelerator (", Device(device));
        var a = Npy.ReadFloat64(Path.Combine(device, "trajectory.npy"), out var shapeA);
        var b = Npy.ReadFloat64(Path.Combine(managed, "trajectory.npy"), out var shapeB);
        Assert.Equal(shapeB, shapeA);
        double worst = DeviceAgreementProperties.Relative(a, b);
        Assert.True(worst <= 1e-9, $"trajectory rows differ by {worst:0.0e+0}");
    }

    [Fact]
    public void DeviceGpuWithoutCudaFallsBackToTheCpuAcceleratorWithANotice()
    {
        var output = Path.Combine(_dir, "gpu");
        var (code, _, stderr) = Run("simulate", Config("run.json", 30), "--out", output, "--device", "gpu");
        Assert.Equal(0, code);
        if (Device(output).StartsWith("CUDA ", StringComparison.Ordinal)) return;
        Assert.Contains("notice: --device gpu: no CUDA device found; running on the ILGPU CPU accelerator instead.", stderr);
        Assert.StartsWith("ILGPU CPU accelerator (fallback: no CUDA device;", Device(output));
    }

    [Fact]
    public void ADeviceRunKilledMidwayAndResumedEndsBitIdenticalToAnUninterruptedOne()
    {
        var config = Config("run.json", 60000);
        var whole = Path.Combine(_dir, "whole");
        Assert.Equal(0, Run("simulate", config, "--out", whole, "--device", "cpu", "--checkpoint-seconds", "0.05").Code);

        var resumed = Path.Combine(_dir, "resumed");
        using (var p = Start("simulate", config, "--out", resumed, "--device", "cpu", "--checkpoint-seconds", "0.05"))
        {
            var deadline = Stopwatch.StartNew();
            while (!Directory.Exists(Path.Combine(resumed + ".partial", "checkpoint")) && deadline.Elapsed.TotalSeconds < 60 && !p.HasExited) Thread.Sleep(20);
            Assert.False(p.HasExited, "the run ended before its first checkpoint; make it longer");
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        var (code, _, err) = Run("simulate", config, "--out", resumed, "--device", "cpu", "--resume");
        Assert.True(code == 0, err);
        Assert.Contains("resuming at k =", err);
        foreach (var file in new[] { "trajectory.npy", "theta.npy" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(whole, file)), File.ReadAllBytes(Path.Combine(resumed, file)));
    }

    [Theory]
    [InlineData("--device", "tpu", "'tpu'")]
    [InlineData("--precision", "float16", "'float16'")]
    public void BadDeviceOptionsExitWithCode2(string option, string value, string message)
    {
        var (code, _, err) = Run("simulate", Config("run.json", 10), "--out", Path.Combine(_dir, "x"), option, value);
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public void AModelWithoutADeviceProgramIsRefusedWithItsName()
    {
        var config = Config("tucker.json", 10, "\"kind\": \"tucker\", \"dims\": [4, 4], \"ranks\": [2, 2]", "\"kind\": \"tucker\", \"rank\": 2, \"seed\": 1", "\"reconstruction-error\"");
        var (code, _, err) = Run("simulate", config, "--out", Path.Combine(_dir, "x"), "--device", "cpu");
        Assert.Equal(2, code);
        Assert.Contains("--device: The device backend has no program for Tucker", err);
        Assert.Contains("it runs deep MF, CP and HTF", err);
    }
}
