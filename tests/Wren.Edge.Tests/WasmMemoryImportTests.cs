using Wren.Edge.Worker;

namespace Wren.Edge.Tests;

/// <summary>The worker's wllama.wasm starts with less memory, the module otherwise byte for byte the same.</summary>
public sealed class WasmMemoryImportTests
{
    // (module (import "env" "memory" (memory i64 2048 65536 shared))) written out by hand.
    private static readonly byte[] Module =
    [
        0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x02, 0x13, 0x01, 0x03, (byte)'e', (byte)'n', (byte)'v', 0x06, (byte)'m', (byte)'e', (byte)'m', (byte)'o', (byte)'r', (byte)'y',
        0x02, 0x07, 0x80, 0x10, 0x80, 0x80, 0x04,
    ];

    [Fact]
    public void TheInitialPagesAreRewrittenInPlaceAtTheSameWidth()
    {
        byte[] patched = WasmMemoryImport.WithInitialPages(Module, 256);
        Assert.Equal(Module.Length, patched.Length);
        Assert.Equal([0x80, 0x02], patched[24..26]);
        Assert.Equal(Module[..24], patched[..24]);
        Assert.Equal(Module[26..], patched[26..]);
    }

    [Fact]
    public void RaisingTheInitialSizeOrAModuleWithoutAMemoryImportIsRefused()
    {
        Assert.Throws<Runtime.WrenException>(() => WasmMemoryImport.WithInitialPages(Module, 4096));
        Assert.Throws<Runtime.WrenException>(() => WasmMemoryImport.WithInitialPages([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], 1));
    }

    [SkippableFact]
    public void WllamasOwnModuleGetsSixteenMegabytesToStartWith()
    {
        string wasm = Path.Combine(EdgePeers.NodeModules(), "@wllama", "wllama", "esm", "wasm", "wllama.wasm");
        byte[] original = File.ReadAllBytes(wasm);
        byte[] patched = WasmMemoryImport.WithInitialPages(original, WorkerProjectExporter.InitialMemoryBytes / 65536);
        int changed = Enumerable.Range(0, original.Length).Count(i => original[i] != patched[i]);
        Assert.Equal(1, changed);
    }
}
