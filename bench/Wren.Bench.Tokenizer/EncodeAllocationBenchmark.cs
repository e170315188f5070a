using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wren.Runtime.Tokenization;

namespace Wren.Bench.Tokenizer;

/// <summary>Allocations per encode call in steady state (word cache warm): expected 0 B.</summary>
[MemoryDiagnoser]
public class EncodeAllocationBenchmark
{
    private const string Paragraph =
        "Fellow-Citizens of the Senate and House of Representatives: I embrace with great satisfaction the opportunity " +
        "which now presents itself of congratulating you on the present favorable prospects of our public affairs. " +
        "It's 2026, and we're testing   spaces, e-mail: jane.doe@example.com, and code: if (x > 0) { y++; }";

    private BpeTokenizer _tokenizer = null!;
    private readonly List<int> _ids = new(256);
    private readonly int[] _buffer = new int[256];

    // In-process: no generated project to build (a shared machine can take minutes to build one).
    public static IConfig Config() => ManualConfig.CreateMinimumViable()
        .AddJob(Job.ShortRun.WithWarmupCount(2).WithIterationCount(5).WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default);

    [GlobalSetup]
    public void Setup()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Wren.slnx")))
        {
            dir = Path.GetDirectoryName(dir);
        }
        _tokenizer = BpeTokenizer.Load(Path.Combine(dir!, "tests", "TestData", "hf-reference", "tiny-llama"));
        _tokenizer.Encode(Paragraph, _ids);
    }

    [Benchmark(Description = "Encode into List<int>")]
    public int EncodeList()
    {
        _ids.Clear();
        _tokenizer.Encode(Paragraph, _ids, addSpecialTokens: false);
        return _ids.Count;
    }

    [Benchmark(Description = "Encode into Span<int>")]
    public int EncodeSpan()
    {
        _tokenizer.Encode(Paragraph, _buffer, out int written, addSpecialTokens: false);
        return written;
    }
}
