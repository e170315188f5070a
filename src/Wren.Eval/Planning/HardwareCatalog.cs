using Wren.Runtime;

namespace Wren.Eval.Planning;

/// <summary>
/// Datasheet figures for the GPUs people rent or own for training small models. FLOP/s are dense
/// BF16 tensor-core peaks with FP32 accumulate; NVIDIA's headline numbers are often the 2:4-sparse
/// ones, which are exactly twice these and never reached by dense training.
/// </summary>
public static class HardwareCatalog
{
    private const double Tera = 1e12;
    private const double Giga = 1e9;

    /// <summary>The known GPUs, in the order they are listed by <c>wren plan --gpu list</c>.</summary>
    public static IReadOnlyList<HardwareSpec> Gpus { get; } =
    [
        // NVIDIA A100 Tensor Core GPU datasheet (2021): BF16 312 TFLOPS (624 sparse); 40 GB HBM2, 1,555 GB/s.
        // llm.c's llmc/mfu.h uses the same 312 for AMPERE_DATACENTER BF16.
        new HardwareSpec
        {
            Name = "A100-40GB", Description = "NVIDIA A100 SXM4 40 GB",
            PeakFlops = 312 * Tera, MemoryBytes = 40 * Giga, MemoryBandwidth = 1555 * Giga,
            Source = "NVIDIA A100 datasheet: BF16 312 TFLOPS dense, 40 GB HBM2, 1,555 GB/s",
        },
        // NVIDIA A100 datasheet: 80 GB HBM2e SXM, 2,039 GB/s; same 312 TFLOPS BF16 dense.
        new HardwareSpec
        {
            Name = "A100-80GB", Description = "NVIDIA A100 SXM4 80 GB",
            PeakFlops = 312 * Tera, MemoryBytes = 80 * Giga, MemoryBandwidth = 2039 * Giga,
            Source = "NVIDIA A100 datasheet: BF16 312 TFLOPS dense, 80 GB HBM2e, 2,039 GB/s",
        },
        // NVIDIA H100 datasheet: SXM BF16 1,979 TFLOPS "with sparsity" -> 989.4 dense; 80 GB HBM3, 3.35 TB/s.
        // llm.c's mfu.h derives the same 989 from Hopper's 756 TFLOPS at 456 TCs/1620 MHz scaled to 528 TCs/1830 MHz.
        new HardwareSpec
        {
            Name = "H100", Description = "NVIDIA H100 SXM5 80 GB",
            PeakFlops = 989.4 * Tera, MemoryBytes = 80 * Giga, MemoryBandwidth = 3350 * Giga,
            Source = "NVIDIA H100 datasheet: SXM BF16 1,979 TFLOPS sparse = 989.4 dense, 80 GB HBM3, 3.35 TB/s",
        },
        // NVIDIA H100 datasheet: PCIe BF16 1,513 TFLOPS sparse -> 756 dense; 80 GB HBM2e, 2 TB/s.
        new HardwareSpec
        {
            Name = "H100-PCIe", Description = "NVIDIA H100 PCIe 80 GB",
            PeakFlops = 756 * Tera, MemoryBytes = 80 * Giga, MemoryBandwidth = 2000 * Giga,
            Source = "NVIDIA H100 datasheet: PCIe BF16 1,513 TFLOPS sparse = 756 dense, 80 GB HBM2e, 2.0 TB/s",
        },
        // NVIDIA H200 datasheet: SXM BF16 1,979 TFLOPS sparse (same Hopper die as H100) -> 989.4 dense; 141 GB HBM3e, 4.8 TB/s.
        new HardwareSpec
        {
            Name = "H200", Description = "NVIDIA H200 SXM 141 GB",
            PeakFlops = 989.4 * Tera, MemoryBytes = 141 * Giga, MemoryBandwidth = 4800 * Giga,
            Source = "NVIDIA H200 datasheet: SXM BF16 1,979 TFLOPS sparse = 989.4 dense, 141 GB HBM3e, 4.8 TB/s",
        },
        // NVIDIA L4 datasheet: BF16 242 TFLOPS "with sparsity" -> 121 dense; 24 GB GDDR6, 300 GB/s.
        new HardwareSpec
        {
            Name = "L4", Description = "NVIDIA L4 24 GB",
            PeakFlops = 121 * Tera, MemoryBytes = 24 * Giga, MemoryBandwidth = 300 * Giga,
            Source = "NVIDIA L4 datasheet: BF16 242 TFLOPS sparse = 121 dense, 24 GB GDDR6, 300 GB/s",
        },
        // NVIDIA A10 datasheet: BF16 125 TFLOPS dense (250 sparse); 24 GB GDDR6, 600 GB/s.
        new HardwareSpec
        {
            Name = "A10", Description = "NVIDIA A10 24 GB",
            PeakFlops = 125 * Tera, MemoryBytes = 24 * Giga, MemoryBandwidth = 600 * Giga,
            Source = "NVIDIA A10 datasheet: BF16 125 TFLOPS dense, 24 GB GDDR6, 600 GB/s",
        },
        // NVIDIA Ada Lovelace architecture whitepaper, RTX 4090: BF16 tensor with FP32 accumulate 165.2 TFLOPS
        // dense (330.4 sparse; the 330 "FP16 with FP16 accumulate" figure does not apply to BF16 training);
        // 24 GB GDDR6X, 1,008 GB/s. llm.c's mfu.h ADA BF16_32 = 165.2.
        new HardwareSpec
        {
            Name = "RTX4090", Description = "NVIDIA GeForce RTX 4090 24 GB",
            PeakFlops = 165.2 * Tera, MemoryBytes = 24 * Giga, MemoryBandwidth = 1008 * Giga,
            Source = "NVIDIA Ada whitepaper: BF16 (FP32 accumulate) 165.2 TFLOPS dense, 24 GB GDDR6X, 1,008 GB/s",
        },
    ];

    /// <summary>
    /// Finds a GPU by name, ignoring case, spaces, dashes and underscores (so <c>a100_80gb</c>,
    /// <c>A100 80GB</c> and <c>RTX-4090</c> all work). Unknown names throw a <see cref="WrenException"/>
    /// that lists the known ones.
    /// </summary>
    public static HardwareSpec Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string key = Normalize(name);
        foreach (HardwareSpec gpu in Gpus)
        {
            if (Normalize(gpu.Name) == key)
            {
                return gpu;
            }
        }
        // Common spellings: plain "A100" means the 80 GB part people rent today; "H100-SXM" is the default H100.
        string? alias = key switch
        {
            "A100" => "A100-80GB",
            "H100SXM" or "H100SXM5" or "H10080GB" => "H100",
            "H200SXM" => "H200",
            "4090" => "RTX4090",
            _ => null,
        };
        if (alias is not null)
        {
            return Find(alias);
        }
        throw new WrenException(
            $"unknown GPU '{name}'. Known GPUs: {string.Join(", ", Gpus.Select(g => g.Name))} " +
            "(or 'cpu' to measure this machine; 'wren plan --gpu list' shows their figures)");
    }

    private static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 64)];
        int n = 0;
        foreach (char c in name)
        {
            if (c is ' ' or '-' or '_')
            {
                continue;
            }
            if (n == buffer.Length)
            {
                break;
            }
            buffer[n++] = char.ToUpperInvariant(c);
        }
        return new string(buffer[..n]);
    }
}
