using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Data.Curation.Quality;

namespace Wren.Cli.Commands;

/// <summary><c>wren quality train</c>: trains the linear quality classifier that curation's quality_model step uses.</summary>
internal static class QualityCommand
{
    internal static Command Create(CliConsole console)
    {
        var good = new Option<string[]>("--good") { Description = "Document shards (files or folders) of examples marked good.", Required = true, AllowMultipleArgumentsPerToken = true };
        var bad = new Option<string[]>("--bad") { Description = "Document shards of examples marked bad (or a random sample of the corpus).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "Model file to write.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training examples.", DefaultValueFactory = _ => 5 };
        var bits = new Option<int>("--bits") { Description = "Feature buckets: 2^bits hashed word unigrams and bigrams.", DefaultValueFactory = _ => 20 };
        var holdOut = new Option<double>("--hold-out") { Description = "Fraction of examples held out to measure precision and recall.", DefaultValueFactory = _ => 0.2 };
        var train = new Command("train",
            "Train a hashed n-gram logistic classifier (fastText-style) from good and bad examples; prints held-out precision and recall.\n" +
            "Example: wren quality train --good docs/handbook --bad docs/random-sample --out quality.bin");
        foreach (var option in new Option[] { good, bad, output, epochs, bits, holdOut })
        {
            train.Options.Add(option);
        }
        CliAction.Set(train, console, (parseResult, cancellationToken) =>
        {
            var trainer = new QualityModelTrainer { Epochs = parseResult.GetValue(epochs), Bits = parseResult.GetValue(bits), HoldOut = parseResult.GetValue(holdOut) };
            var trained = trainer.TrainOnShards(parseResult.GetValue(good)!, parseResult.GetValue(bad)!);
            string modelPath = parseResult.GetValue(output)!;
            trained.Model.Save(modelPath);
            QualityView.Trained(console.Out, trained, modelPath);
            return Task.FromResult(CliAction.Ok);
        });
        var command = new Command("quality", "Model-based quality scoring for curation.\nExample: wren quality train --good good/ --bad bad/ --out quality.bin");
        command.Subcommands.Add(train);
        return command;
    }
}
