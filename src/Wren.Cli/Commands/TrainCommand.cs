using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Training;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands;

/// <summary><c>wren train</c>: pretrain a Llama-architecture model from scratch on llm.c token shards.</summary>
internal static class TrainCommand
{
    internal static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data", "-d") { Description = "Folder of llm.c token shards (train_NNN.bin, optional val_NNN.bin; without val shards, or with fewer val tokens than one --batch x --seq batch, the last 10% of the tokens are held out for validation, with a warning). Its tokenizer.json (or its parent's) sets the vocabulary and is copied into checkpoints.", Required = true };
        var modelConfig = new Option<string>("--model-config", "-m") { Description = "tiny (~1M params), small (~10M), base (~30M), or a config.json to train from scratch", DefaultValueFactory = _ => "tiny" };
        var output = new Option<string>("--out", "-o") { Description = "Run folder: checkpoints/, best/, model/ (the final HF folder), metrics.jsonl, loss.png", Required = true };
        var shared = new TrainerOptionSet(new TrainerOptionDefaults
        {
            StepsByDefault = "1000, or as many as --time allows",
            RowName = "Sequences",
            RowUnit = "sequence",
            Batch = 8,
            Sequence = 256,
            LearningRateByDefault = "3e-3",
            WeightDecay = 0.1,
            EvalEvery = 100,
            CheckpointEvery = 500,
            SeededWhat = "initialisation",
            SampleWhat = "Generate a continuation of --sample-prompt",
        });
        var clip = new Option<double>("--clip") { Description = "Clip gradients to this global norm (0 = off)", DefaultValueFactory = _ => 1.0 };
        var evalBatches = new Option<int>("--eval-batches") { Description = "Validation batches per evaluation", DefaultValueFactory = _ => 20 };
        var keep = new Option<int>("--keep") { Description = "Checkpoints to keep (besides best/)", DefaultValueFactory = _ => 3 };
        var tokenizer = new Option<string?>("--tokenizer") { Description = "tokenizer.json (or its folder) when the data folder has none" };
        var checkpointActivations = new Option<bool>("--checkpoint-activations") { Description = "Keep only each layer's input and recompute its forward during the backward pass: activation memory drops about L-fold for about a third more compute; gradients are bit-identical" };
        var bf16 = new Option<bool>("--bf16") { Description = "Round the inputs of every matrix product to bfloat16 (float32 accumulation, float32 master weights); the loss stays within about 1% of float32" };
        var samplePrompt = new Option<string>("--sample-prompt") { Description = "Text the samples continue", DefaultValueFactory = _ => "The" };
        var sampleTokens = new Option<int>("--sample-tokens") { Description = "Tokens per sample (greedy)", DefaultValueFactory = _ => 48 };

        var command = new Command("train",
            "Pretrain a small Llama-architecture model from scratch on the CPU. On a terminal a progress bar shows steps, rate and ETA; into a log a line " +
            "(loss, learning rate, gradient norm, tokens/s, MFU, ETA) comes every 5 s and at each --eval-every step with the validation loss. It writes RUN/metrics.jsonl, RUN/loss.png and Hugging Face checkpoints (config.json, model.safetensors, tokenizer files) with optimizer state.\n" +
            "Example: wren train --data corpus/tokens --model-config small --out runs/small --time 30m --batch 8 --seq 256");
        command.Options.Add(data);
        command.Options.Add(modelConfig);
        command.Options.Add(output);
        shared.AddTo(command);
        foreach (var o in new Option[] { clip, evalBatches, keep, tokenizer, samplePrompt, sampleTokens, checkpointActivations, bf16 })
            command.Options.Add(o);

        CliAction.Set(command, console, (parse, ct) =>
        {
            string runFolder = parse.GetValue(output)!;
            using var run = TrainingRun.Open(new TrainingRunOptions
            {
                DataFolder = parse.GetValue(data)!,
                ModelConfig = parse.GetValue(modelConfig)!,
                Tokenizer = parse.GetValue(tokenizer),
                Batch = parse.GetValue(shared.Batch),
                Sequence = parse.GetValue(shared.Sequence),
                Threads = parse.GetValue(shared.Threads),
                SampleEvery = parse.GetValue(shared.SampleEvery),
                SamplePrompt = parse.GetValue(samplePrompt)!,
                SampleTokens = parse.GetValue(sampleTokens),
                Trainer = shared.Read(parse, runFolder, defaultLearningRate: 3e-3) with
                {
                    ClipNorm = parse.GetValue(clip),
                    EvalBatches = parse.GetValue(evalBatches),
                    KeepLastCheckpoints = parse.GetValue(keep),
                    CheckpointActivations = parse.GetValue(checkpointActivations),
                    Bf16MatrixProducts = parse.GetValue(bf16),
                },
            });
            if (run.TokenizerJson is null)
                console.Out.MarkupLine("[yellow]warning:[/] no tokenizer.json found; the vocabulary is sized from the largest token id and checkpoints carry no tokenizer");
            console.Out.Write(TrainingView.HeaderTable(run));

            TrainingSummary summary;
            using (var display = new TrainingDisplay(console.Out, "train"))
            {
                summary = run.Run(
                    display.Step,
                    warning => console.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"),
                    ct,
                    sample => console.Out.MarkupLine(TrainingView.SampleLine(sample, withPrompt: true)));
            }
            console.Out.Write(TrainingView.SummaryTable(summary, run.PlotPath));
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
