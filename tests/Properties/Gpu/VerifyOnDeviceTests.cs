using ImplicitReg.TestSupport;
using ImplicitReg.Cli.Verification;
using ImplicitReg.Numerics.Checks;
using ImplicitReg.Numerics.Gpu;
using ImplicitReg.Theory.Claims;

namespace ImplicitReg.Properties.Gpu;

/// <summary>
/// `verify --device`: the claims whose numeric checks run GD trajectories run them on the device, still hold, and gain
/// the row "device trajectory vs managed trajectory" within its tolerance; without a device nothing changes.
/// </summary>
[Collection("Gpu")]
public sealed class VerifyOnDeviceTests(DeviceFixture fixture)
{
    [Theory]
    [InlineData("TF-C1")]
    [InlineData("TF-C2")]
    [InlineData("MF-C1")]
    [InlineData("MF-11")]
    [InlineData("HTF-C1")]
    [InlineData("HTF-1")]
    public void AClaimWhoseTrajectoriesRunOnTheDeviceHoldsAndReportsTheDeviceAgreement(string id)
    {
        var claim = ClaimRegistry.Find(id)!;
        var onDevice = ClaimReport.Run(claim, new CheckOptions(Trajectories: new DeviceTrajectories(fixture.Device)));
        Assert.True(onDevice.Passed, $"{id} failed on {fixture.Device.Description}");
        var row = Assert.Single(onDevice.Numeric!.Rows, r => r.Case.StartsWith("device trajectory vs managed trajectory", StringComparison.Ordinal));
        Assert.Contains(fixture.Device.Description, row.Case);
        Assert.Equal(DeviceEvidence.Tolerance, row.Tolerance);
        Assert.True(row.Passed, $"{id}: device vs managed {row.RelativeError:0.0e+0}");

        var managed = ClaimReport.Run(claim, new CheckOptions());
        Assert.DoesNotContain(managed.Numeric!.Rows, r => r.Case.StartsWith("device trajectory", StringComparison.Ordinal));
        Assert.Equal(managed.Numeric.Rows.Count + 1, onDevice.Numeric.Rows.Count);
    }

    [Fact]
    public void VerifyWithDeviceGpuPassesAndNamesTheDeviceThatRan()
    {
        var (code, stdout, stderr) = CliProcess.Run("verify", "--claim", "TF-C1", "--claim", "HTF-C2", "--device", "gpu");
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("GD trajectories of the numeric checks ran on: ", stdout);
        Assert.Contains("2 passed, 0 failed", stdout);
        if (!stdout.Contains("ran on: CUDA ", StringComparison.Ordinal))
        {
            Assert.Contains("notice: --device gpu: no CUDA device found; running on the ILGPU CPU accelerator instead.", stderr);
            Assert.Contains("ran on: ILGPU CPU accelerator (fallback: no CUDA device;", stdout);
        }
    }
}
