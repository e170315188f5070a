using Wren.Runtime;

namespace Wren.Data.Curation.Quality;

/// <summary>
/// A logistic-regression quality classifier over <see cref="HashedFeatures"/> (the idea behind the
/// Phi and FineWeb-Edu filters, in its cheapest form): P(good | text) = sigmoid(w·x + b).
/// Trained by <see cref="QualityModelTrainer"/>; saved as a small binary file.
/// </summary>
public sealed class QualityModel
{
    // "WQM2": version 2 hashes words with Dedup.WordHash (version 1 used the older word hash, so its
    // weights would sit on the wrong features and score silently wrong: refuse it instead).
    private const uint Magic = 0x324D5157;
    private const uint MagicVersion1 = 0x314D5157;

    public QualityModel(int bits, float[] weights, float bias)
    {
        if (weights.Length != 1 << bits)
        {
            throw new ArgumentException("weights must have 2^bits entries", nameof(weights));
        }
        Bits = bits;
        Weights = weights;
        Bias = bias;
    }

    public int Bits { get; }

    public float[] Weights { get; }

    public float Bias { get; set; }

    /// <summary>Probability that <paramref name="text"/> is good.</summary>
    public double Score(string text)
    {
        var buckets = new List<int>();
        HashedFeatures.Extract(text, Bits, buckets, new List<ulong>());
        return Score(buckets);
    }

    internal double Score(List<int> buckets)
    {
        if (buckets.Count == 0)
        {
            return Sigmoid(Bias);
        }
        double scale = 1.0 / Math.Sqrt(buckets.Count);
        double z = 0;
        foreach (int b in buckets)
        {
            z += Weights[b];
        }
        return Sigmoid(z * scale + Bias);
    }

    internal static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    public void Save(string path) => Wren.Runtime.Diagnostics.AtomicFile.Write(path, stream =>
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Bits);
        writer.Write(Bias);
        foreach (float w in Weights)
        {
            writer.Write(w);
        }
    });

    public static QualityModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new WrenException($"{path}: quality model not found (train one with `wren quality train`)");
        }
        using var reader = new BinaryReader(File.OpenRead(path));
        try
        {
            uint magic = reader.ReadUInt32();
            if (magic == MagicVersion1)
            {
                throw new WrenException($"{path}: a quality model from an older Wren whose word features differ; retrain it with `wren quality train`");
            }
            if (magic != Magic)
            {
                throw new WrenException($"{path}: not a Wren quality model (bad magic number)");
            }
            int bits = reader.ReadInt32();
            if (bits is < 8 or > 28)
            {
                throw new WrenException($"{path}: quality model has an impossible feature size 2^{bits}");
            }
            float bias = reader.ReadSingle();
            var weights = new float[1 << bits];
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = reader.ReadSingle();
            }
            return new QualityModel(bits, weights, bias);
        }
        catch (EndOfStreamException)
        {
            throw new WrenException($"{path}: quality model file is truncated");
        }
    }
}
