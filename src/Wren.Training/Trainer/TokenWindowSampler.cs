using Wren.Runtime;
using Wren.Training.Data;
using Wren.Training.Model;

namespace Wren.Training.Trainer;

/// <summary>
/// Training and validation batches from llm.c token shards (<c>train_NNN.bin</c>, <c>val_NNN.bin</c>: 256 int32
/// header with magic 20240520, version 1 = uint16 tokens / 2 = uint32, token count). Training windows of T + 1
/// tokens start at uniformly random positions drawn from a <see cref="SeededRandom"/> whose state checkpoints
/// save; validation walks fixed consecutive windows so every evaluation sees the same tokens. Without val
/// shards, or with val shards too small for one batch (<see cref="HoldOutReason"/> says so), the last 10% of
/// the tokens are held out.
/// </summary>
public sealed class TokenWindowSampler : IBatchSource
{

    public TokenWindowSampler(int[] train, int[] validation, ulong seed)
    {
        Train = train;
        Validation = validation;
        Random = new SeededRandom(seed);
    }

    public int[] Train { get; }

    public int[] Validation { get; }

    /// <summary>
    /// Why validation runs on a hold-out of the training tokens although val shards were given (they hold too
    /// few tokens for one batch); null when the val shards are used, or when there were none.
    /// </summary>
    public string? HoldOutReason { get; private init; }

    /// <summary>The sampling generator (its state is part of a checkpoint).</summary>
    public SeededRandom Random { get; }

    /// <summary>Largest token id seen plus one (a lower bound on the vocabulary).</summary>
    public int VocabularyLowerBound
    {
        get
        {
            int max = -1;
            foreach (int t in Train) max = Math.Max(max, t);
            foreach (int t in Validation) max = Math.Max(max, t);
            return max + 1;
        }
    }

    /// <summary>Loads <c>train_*.bin</c> and <c>val_*.bin</c> from a folder.</summary>
    /// <param name="minValidationTokens">
    /// Validation shards with fewer tokens than this (too few for one [B, T] batch) are not enough to
    /// measure anything; the training tokens are then split by <paramref name="holdOut"/> instead.
    /// </param>
    public static TokenWindowSampler Open(string folder, ulong seed, double holdOut = 0.1, long minValidationTokens = 0)
    {
        if (!Directory.Exists(folder)) throw new WrenException($"token folder '{folder}' does not exist");
        var trainFiles = Directory.GetFiles(folder, "train_*.bin").Order(StringComparer.Ordinal).ToArray();
        var valFiles = Directory.GetFiles(folder, "val_*.bin").Order(StringComparer.Ordinal).ToArray();
        if (trainFiles.Length == 0) throw new WrenException($"{folder}: no llm.c token shards named train_*.bin");
        var train = ReadShards(trainFiles);
        int[] val;
        if (valFiles.Length > 0) val = ReadShards(valFiles);
        else val = [];
        string? reason = null;
        if (val.Length < Math.Max(1, minValidationTokens))
        {
            if (valFiles.Length > 0)
                reason = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the val shards ({string.Join(", ", valFiles.Select(Path.GetFileName))}) hold {val.Length:N0} tokens, fewer than the {minValidationTokens:N0} of one validation batch: " +
                    $"validating on the last {holdOut:P0} of the training and validation tokens instead (more validation text, or a smaller batch or sequence, keeps them apart)");
            train = val.Length > 0 ? [.. train, .. val] : train;
            int cut = (int)(train.Length * (1 - holdOut));
            val = train[cut..];
            train = train[..cut];
        }

        return new TokenWindowSampler(train, val, seed) { HoldOutReason = reason };
    }

    /// <summary>Reads every token of the shards, in order (each header checked by <see cref="TokenShardReader"/>).</summary>
    public static int[] ReadShards(IReadOnlyList<string> files)
    {
        var all = new List<int[]>(files.Count);
        long total = 0;
        foreach (var file in files)
        {
            using var reader = new TokenShardReader(file);
            int[] tokens = reader.ReadAll();
            all.Add(tokens);
            total += tokens.Length;
        }

        var result = new int[total];
        long offset = 0;
        foreach (var part in all)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>Fills inputs/targets [B, T] with random windows of the training tokens.</summary>
    public void NextTrainingBatch(Span<int> inputs, Span<int> targets, int time)
    {
        int batch = inputs.Length / time;
        if (Train.Length < time + 1) throw new WrenException($"the training split has {Train.Length} tokens, fewer than one window of T + 1 = {time + 1}");
        for (int b = 0; b < batch; b++)
        {
            int start = (int)Random.NextInt64(Train.Length - time);
            Train.AsSpan(start, time).CopyTo(inputs.Slice(b * time, time));
            Train.AsSpan(start + 1, time).CopyTo(targets.Slice(b * time, time));
        }
    }

    /// <summary>Number of validation batches of [B, T] available (consecutive, non-overlapping windows).</summary>
    public int ValidationBatchCount(int batch, int time) => Math.Max(0, (Validation.Length - 1) / (batch * time));

    /// <summary>Validation batch <paramref name="index"/>: consecutive windows from the start of the split.</summary>
    public void ValidationBatch(int index, Span<int> inputs, Span<int> targets, int time)
    {
        int batch = inputs.Length / time;
        for (int b = 0; b < batch; b++)
        {
            int start = (index * batch + b) * time;
            Validation.AsSpan(start, time).CopyTo(inputs.Slice(b * time, time));
            Validation.AsSpan(start + 1, time).CopyTo(targets.Slice(b * time, time));
        }
    }
}
