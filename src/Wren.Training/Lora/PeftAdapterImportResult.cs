namespace Wren.Training.Lora;

/// <summary>What <see cref="PeftAdapterImporter"/> checked and wrote.</summary>
public sealed record PeftAdapterImportResult
{
    public required LoraSettings Settings { get; init; }

    /// <summary>Adapter tensors read (A and B of each adapted projection).</summary>
    public required int Tensors { get; init; }

    /// <summary>The adapter tensors' types as saved (F32, BF16, F16).</summary>
    public required IReadOnlyList<string> DTypes { get; init; }

    /// <summary>Loss of the probe text through base + adapter applied unmerged (x W + s x A B).</summary>
    public required float AdapterLoss { get; init; }

    /// <summary>Loss of the same text through the merged model that was written.</summary>
    public required float MergedLoss { get; init; }

    /// <summary>The merged model folder; the adapter is copied into its <c>adapter/</c>.</summary>
    public required string OutputFolder { get; init; }
}
