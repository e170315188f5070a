using Wren.Data.Curation.Quality;

namespace Wren.Data.Tests.Curation;

public sealed class QualityModelTests
{
    [Fact]
    public void AClassifierTrainedOnSpeechesVersusEmailsSeparatesHeldOutExamples()
    {
        // Good: paragraphs of State of the Union addresses. Bad: lines of raw e-mail with headers.
        var examples = new List<(string, bool)>();
        foreach (var d in CurationSample.Documents())
        {
            bool good = d.Id.StartsWith("sotu-", StringComparison.Ordinal);
            var pieces = good ? d.Text.Split(". ") : d.Text.Split('\n');
            for (int i = 0; i + 3 <= pieces.Length; i += 3)
            {
                examples.Add((string.Join(good ? ". " : "\n", pieces, i, 3), good));
            }
        }
        var trainer = new QualityModelTrainer { Bits = 16, Epochs = 5 };
        var (model, metrics) = trainer.Train(examples);
        Assert.True(metrics.Count > 50);
        // E-mail bodies hold prose too, so the labels are noisy; a majority-class guess would score precision ~0.3 here.
        double goodShare = (double)(metrics.TruePositives + metrics.FalseNegatives) / metrics.Count;
        Assert.True(goodShare < 0.5);
        Assert.True(metrics.Precision > 0.75, $"precision {metrics.Precision:0.000}");
        Assert.True(metrics.Recall > 0.75, $"recall {metrics.Recall:0.000}");
        Assert.True(metrics.Accuracy > 0.85, $"accuracy {metrics.Accuracy:0.000}");

        string path = Path.Combine(Path.GetTempPath(), $"wren-quality-{Guid.NewGuid():N}.bin");
        try
        {
            model.Save(path);
            var loaded = QualityModel.Load(path);
            string text = "The Congress has shown a wise regard for the public welfare in the measures it adopted.";
            Assert.Equal(model.Score(text), loaded.Score(text), 9);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void AModelFromTheOlderWordHashIsRefusedWithAdviceToRetrain()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wren-quality-{Guid.NewGuid():N}.bin");
        try
        {
            new QualityModel(8, new float[256], 0.5f).Save(path);
            var bytes = File.ReadAllBytes(path);
            bytes[3] = (byte)'1'; // "WQM2" -> "WQM1"
            File.WriteAllBytes(path, bytes);
            var e = Assert.Throws<Wren.Runtime.WrenException>(() => QualityModel.Load(path));
            Assert.Contains("retrain", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ATruncatedModelFileIsAClearError()
    {
        string path = Path.Combine(Path.GetTempPath(), $"wren-quality-{Guid.NewGuid():N}.bin");
        try
        {
            new QualityModel(8, new float[256], 0.5f).Save(path);
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..100]);
            var e = Assert.Throws<Wren.Runtime.WrenException>(() => QualityModel.Load(path));
            Assert.Contains("truncated", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrainingOnShardsCountsEachSideAndRefusesAMissingSide()
    {
        string folder = Directory.CreateTempSubdirectory("wren-quality-").FullName;
        try
        {
            var documents = CurationSample.Documents();
            string good = Path.Combine(folder, "good.jsonl"), bad = Path.Combine(folder, "bad.jsonl"), empty = Path.Combine(folder, "empty.jsonl");
            File.WriteAllLines(good, File.ReadLines(CurationSample.Path).Where(l => l.Contains("\"id\": \"sotu-", StringComparison.Ordinal)));
            File.WriteAllLines(bad, File.ReadLines(CurationSample.Path).Where(l => !l.Contains("\"id\": \"sotu-", StringComparison.Ordinal)));
            File.WriteAllText(empty, "");
            int goodCount = documents.Count(d => d.Id.StartsWith("sotu-", StringComparison.Ordinal));

            var trained = new QualityModelTrainer { Bits = 12, Epochs = 1 }.TrainOnShards([good], [bad]);
            Assert.Equal(goodCount, trained.Good);
            Assert.Equal(documents.Count - goodCount, trained.Bad);

            var e = Assert.Throws<Wren.Runtime.WrenException>(() => new QualityModelTrainer().TrainOnShards([good], [empty]));
            Assert.Contains("at least one good and one bad example", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
