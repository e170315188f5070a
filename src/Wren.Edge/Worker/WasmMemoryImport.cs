using Wren.Runtime;

namespace Wren.Edge.Worker;

/// <summary>
/// Lowers the initial size of a WebAssembly module's imported memory. wllama's build asks for 128 MiB up
/// front (2048 pages), all of Workers' memory limit, though llama.cpp needs far less to start and grows the
/// memory as it loads; its own code and stack sit in the first 8 MB. The varint is rewritten in place at
/// the same length, so no offset in the module moves.
/// </summary>
internal static class WasmMemoryImport
{
    /// <summary>Returns a copy of <paramref name="wasm"/> whose imported memory starts at <paramref name="pages"/> pages (64 KiB each).</summary>
    public static byte[] WithInitialPages(byte[] wasm, long pages)
    {
        ArgumentNullException.ThrowIfNull(wasm);
        byte[] result = (byte[])wasm.Clone();
        if (wasm.Length < 8 || wasm[0] != 0 || wasm[1] != (byte)'a' || wasm[2] != (byte)'s' || wasm[3] != (byte)'m') throw new WrenException("not a WebAssembly module");
        int pos = 8;
        while (pos < wasm.Length)
        {
            byte id = wasm[pos++];
            long size = ReadUnsigned(wasm, ref pos, out _);
            int end = checked(pos + (int)size);
            if (id == 2)
            {
                long count = ReadUnsigned(wasm, ref pos, out _);
                for (long i = 0; i < count; i++)
                {
                    SkipName(wasm, ref pos);
                    SkipName(wasm, ref pos);
                    byte kind = wasm[pos++];
                    switch (kind)
                    {
                        case 0: ReadUnsigned(wasm, ref pos, out _); break;
                        case 1: pos++; SkipLimits(wasm, ref pos); break;
                        case 2:
                            {
                                pos++; // flags: maximum present, shared, 64-bit; the initial size follows either way
                                int start = pos;
                                long initial = ReadUnsigned(wasm, ref pos, out int width);
                                if (pages > initial) throw new WrenException($"the module's memory starts at {initial} pages; asked to raise it to {pages}");
                                WriteUnsigned(result, start, width, pages);
                                return result;
                            }
                        case 3: pos += 2; break;
                        case 4: pos++; ReadUnsigned(wasm, ref pos, out _); break;
                        default: throw new WrenException($"unknown import kind {kind} at byte {pos - 1}");
                    }
                }
                throw new WrenException("the module imports no memory");
            }
            pos = end;
        }
        throw new WrenException("the module has no import section");
    }

    private static void SkipName(byte[] wasm, ref int pos)
    {
        long length = ReadUnsigned(wasm, ref pos, out _);
        pos = checked(pos + (int)length);
    }

    private static void SkipLimits(byte[] wasm, ref int pos)
    {
        byte flags = wasm[pos++];
        ReadUnsigned(wasm, ref pos, out _);
        if ((flags & 1) != 0) ReadUnsigned(wasm, ref pos, out _);
    }

    private static long ReadUnsigned(byte[] wasm, ref int pos, out int width)
    {
        long value = 0;
        int shift = 0;
        int start = pos;
        while (true)
        {
            byte b = wasm[pos++];
            value |= (long)(b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 63) throw new WrenException($"malformed varint at byte {start}");
        }
        width = pos - start;
        return value;
    }

    // A LEB128 padded to the width of the one it replaces (continuation bits on all but the last byte).
    private static void WriteUnsigned(byte[] wasm, int pos, int width, long value)
    {
        for (int i = 0; i < width; i++)
        {
            byte b = (byte)(value & 0x7f);
            value >>= 7;
            wasm[pos + i] = i < width - 1 ? (byte)(b | 0x80) : b;
        }
        if (value != 0) throw new WrenException($"{value} pages do not fit the {width}-byte field");
    }
}
