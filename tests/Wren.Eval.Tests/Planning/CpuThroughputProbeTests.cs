using Wren.Eval.Planning;

namespace Wren.Eval.Tests.Planning;

public sealed class CpuThroughputProbeTests
{
    [Fact]
    public void SmallMeasurementGivesPlausiblePositiveFiguresAndACpuHardwareSpec()
    {
        // Tiny sizes keep the test fast; only plausibility is asserted, never a speed.
        CpuThroughput cpu = CpuThroughputProbe.Measure(copyBytes: 4L << 20, matrixSize: 64, repetitions: 1);

        // No lower bound: a machine busy with other work may be as slow as it likes.
        Assert.True(double.IsFinite(cpu.CopyBandwidth) && cpu.CopyBandwidth is > 0 and < 1e13, $"copy bandwidth {cpu.CopyBandwidth}");
        Assert.True(double.IsFinite(cpu.SgemmFlops) && cpu.SgemmFlops is > 0 and < 1e14, $"SGEMM {cpu.SgemmFlops} FLOP/s");
        Assert.True(cpu.Threads >= 1);
        Assert.True(cpu.MemoryBytes > 0);
        HardwareSpec spec = cpu.ToHardwareSpec();
        Assert.True(spec.IsMeasured);
        Assert.Equal(cpu.SgemmFlops, spec.PeakFlops);
    }

    [Fact]
    public void AMeasuredCpuAddsCpuDecodeSpeedAndCpuDaysToTheEstimate()
    {
        var cpu = new CpuThroughput { CopyBandwidth = 20e9, SgemmFlops = 100e9, Threads = 2, SimdPath = "Vector256", MemoryBytes = 16e9 };
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(1e8, null, null),
            Tokens = 1e9,
            Hardware = HardwareCatalog.Find("L4"),
            Cpu = cpu,
        });

        Assert.Equal(6 * 1e8 * 1e9 / 100e9 / 86_400, e.CpuDays!.Value, 9);
        InferenceEstimate q8 = e.Inference.Single(i => i.Format.Name == "Q8_0");
        Assert.Equal(20e9 / q8.TotalBytes, q8.CpuDecodeTokensPerSecond!.Value, 6);
    }

    [Fact]
    public void MeasuredTrainingStepsSizeTheCpuTimeAndAppearInTheJson()
    {
        var measured = new MeasuredTraining
        {
            Shape = "L 2, C 512", ScaledDown = "scaled down to 2 of 24 layers", TokensPerSecond = 1000, ModelFlopsPerSecond = 20e9,
            SecondsPerStep = 0.5, Steps = 3, Threads = 2,
        };
        TrainingEstimate e = TrainingPlanner.Estimate(new TrainingPlan
        {
            Model = ModelShape.Create(1e8, null, null),
            Tokens = 1e9,
            Hardware = HardwareCatalog.Find("L4"),
            MeasuredTraining = measured,
        });

        Assert.Equal(e.TrainingFlops / 20e9 / 86_400, e.CpuTrainingDays!.Value, 9);
        using var doc = System.Text.Json.JsonDocument.Parse(TrainingEstimateJson.Serialize(e));
        var t = doc.RootElement.GetProperty("cpu_training");
        Assert.Equal(1000, t.GetProperty("tokens_per_s").GetDouble());
        Assert.Equal("scaled down to 2 of 24 layers", t.GetProperty("scaled_down").GetString());
        Assert.Equal(e.CpuTrainingDays.Value, doc.RootElement.GetProperty("cpu_training_days").GetDouble(), 9);
    }
}
