namespace Wren.Data.Curation.Quality;

/// <summary>A quality classifier trained from good and bad shards (<see cref="QualityModelTrainer.TrainOnShards"/>): the model, its held-out metrics, and the examples of each side.</summary>
public sealed record QualityTraining(QualityModel Model, QualityMetrics Metrics, int Good, int Bad);
