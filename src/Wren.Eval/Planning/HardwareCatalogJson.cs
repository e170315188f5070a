using System.Text;
using System.Text.Json;

namespace Wren.Eval.Planning;

/// <summary>The GPU catalog as the JSON array <c>wren plan --gpu list --json</c> prints: snake_case, decimal GB and GB/s.</summary>
public static class HardwareCatalogJson
{
    public static string Serialize(IEnumerable<HardwareSpec> gpus)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (HardwareSpec g in gpus)
            {
                w.WriteStartObject();
                w.WriteString("name", g.Name);
                w.WriteString("description", g.Description);
                w.WriteNumber("peak_bf16_flops", g.PeakFlops);
                w.WriteNumber("memory_gb", g.MemoryBytes / 1e9);
                w.WriteNumber("bandwidth_gb_s", g.MemoryBandwidth / 1e9);
                w.WriteString("source", g.Source);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
