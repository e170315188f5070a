using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Pipeline.Tasks;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Training.Classification;
using Wren.Training.Lora;
using Wren.Training.Trainer;

namespace Wren.Cli.Commands.Tasks;

/// <summary><c>wren task train</c>: a classifier for a task, from scratch or from a base model (<see cref="ClassifierTrainer"/>).</summary>
internal static class TaskTrainCommand
{
    internal static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data", "-d") { Description = "A task folder (wren task data) or a JSONL file of {\"input\", \"output\"} lines (10% of it is held out for validation when it has no \"split\": \"val\" lines)", Required = true };
        var kind = new Option<string?>("--kind") { Description = "classify, generate or extract (default: the task folder's task.json; classify for a JSONL file)" };
        kind.AcceptOnlyFromAmong([.. TaskDefinition.Kinds]);
        var output = new Option<string>("--out", "-o") { Description = "Run folder: model/ (a Hugging Face folder), task.json (labels, prompt format, calibration), metrics.jsonl", Required = true };
        var baseModel = new Option<string?>("--base") { Description = "A Hugging Face model folder to fine-tune (Llama, Qwen2, Mistral, Qwen3, SmolLM3); without it a small model (0.9M parameters) is trained from scratch, its tokenizer on the task's inputs and --corpus" };
        var full = new Option<bool>("--full") { Description = "With --base: fine-tune every weight instead of LoRA adapters" };
        var time = new Option<string>("--time") { Description = "The whole run's budget: tokenizer, pretraining and fine-tuning (e.g. 90s, 5m, 1h)", DefaultValueFactory = _ => "5m" };
        var clock = new Option<TrainingClockKind>("--clock") { Description = "What the budget counts: Wall (the clock) or Cpu (this process's CPU time per thread: what the run would take on an idle machine, for machines shared with other work)", DefaultValueFactory = _ => TrainingClockKind.Wall };
        var corpus = new Option<string[]>("--corpus") { Description = "The organization's unlabelled text (curated shards or any source wren ingest reads; repeatable): the tokenizer learns from it, and with --pretrain-share the model too. Never give it the test examples." };
        var pretrainShare = new Option<double>("--pretrain-share") { Description = "Share of the budget spent pretraining on the task's inputs and --corpus before fine-tuning, at most 3 passes over that text (from scratch only; 0.4 by default: fine-tuning learns a few thousand examples by heart in a minute, so the rest of 5 minutes is better spent learning the mail's language first; 0 skips it)", DefaultValueFactory = _ => new ClassifierTrainerOptions { OutputFolder = "" }.PretrainShare };
        var maxInput = new Option<int>("--max-input-tokens") { Description = "Tokens of each input the model reads (a longer input keeps its start and its last --tail-tokens)", DefaultValueFactory = _ => new ClassifierTrainerOptions { OutputFolder = "" }.MaxInputTokens };
        var tail = new Option<int>("--tail-tokens") { Description = "Of the tokens read, how many come from the input's end (signatures, sign-offs)", DefaultValueFactory = _ => new ClassifierTrainerOptions { OutputFolder = "" }.TailTokens };
        var hidden = new Option<int?>("--hidden") { Description = "Scratch model width C (default 128; the MLP is 11/4 of it)" };
        var layers = new Option<int?>("--layers") { Description = "Scratch model layers L (default 2)" };
        var vocab = new Option<int?>("--vocab") { Description = "Scratch tokenizer vocabulary size (default 4096)" };
        var lr = new Option<double?>("--lr") { Description = "Peak fine-tuning learning rate (default 1.5e-3 from scratch, 2e-4 LoRA, 2e-5 full)" };
        var batch = new Option<int?>("--batch") { Description = "Examples per fine-tuning step" };
        var balance = new Option<double?>("--balance") { Description = "Rare-label oversampling: 0 = the data's mix, 1 = every label equally often, 0.5 default" };
        var curve = new Option<bool>("--learning-curve") { Description = "Also train on 10% and 30% of the training examples (RUN/curve-10, RUN/curve-30; each with the same --time), so wren task eval can show how much labelled data the task needs" };
        var folds = new Option<int>("--folds") { Description = "Cross-fitted fine-tunes of a scratch model (0 = one fine-tune, its checkpoint chosen on the validation split): with k, training and validation examples are pooled into k folds, each fine-tune holds one fold out to choose its checkpoint, and the model is their weights' average (or the best one when the average scores worse); one ordinary model, as fast as one fine-tune. Steadier across seeds on real mail (bench/README.md)", DefaultValueFactory = _ => new ClassifierTrainerOptions { OutputFolder = "" }.CrossFitFolds };
        var seed = new Option<ulong>("--seed") { Description = "Seed of initialisation, sampling and the validation hold-out", DefaultValueFactory = _ => 1337UL };
        var threads = new Option<int>("--threads") { Description = "Worker threads (default: all cores)", DefaultValueFactory = _ => Environment.ProcessorCount };

        var command = new Command("train",
            "Train a small model for one task. Generate and extract tasks (wren task data --kind generate|extract) fine-tune --base on the examples as " +
            "conversations, the loss on the answer only, LoRA merged into RUN/model (or --full); RUN/task.json records the kind and, for extract, the schema " +
            "that wren task eval and wren serve hold answers to. Classification: without --base: a tokenizer on the task's inputs (and --corpus) and a small Llama-architecture " +
            "model pretrained on the same text (--pretrain-share) and trained on the examples; with --base: LoRA (or --full) fine-tuning of that model. A label is scored by its " +
            "log-likelihood after the input, so the answer is always one of the labels; rare labels are sampled more often; validation accuracy is " +
            "checked as it trains, the best weights are kept, and training stops when it no longer improves. RUN/model is an ordinary Hugging Face " +
            "folder (export, serve and IChatClient read it) and RUN/task.json the labels, prompt format and calibration temperature.\n\n" +
            "Example: wren task train --data tasks/route --out runs/route --time 5m --corpus out/curate/curated\n" +
            "Example: wren task train --data tickets.jsonl --base models/SmolLM2-135M --out runs/tickets --time 20m");
        foreach (var o in new Option[] { data, kind, output, baseModel, full, time, clock, corpus, pretrainShare, maxInput, tail, hidden, layers, vocab, lr, batch, balance, folds, curve, seed, threads })
            command.Options.Add(o);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            ulong seedValue = parse.GetValue(seed);
            string dataPath = parse.GetValue(data)!;
            var set = TaskFolder.Load(dataPath).WithValidation(seedValue);
            string taskKind = parse.GetValue(kind) ?? set.Definition?.Kind ?? TaskDefinition.ClassifyKind;
            if (taskKind != TaskDefinition.ClassifyKind)
            {
                string baseFolder = parse.GetValue(baseModel)
                    ?? throw new WrenException($"a {taskKind} task is fine-tuned from a base model: give --base (a Hugging Face folder with a chat template, e.g. models/SmolLM2-135M-Instruct)");
                var writing = new WritingTrainOptions
                {
                    OutputFolder = parse.GetValue(output)!,
                    BaseModel = await ModelArgument.LocalPathAsync(console, baseFolder, ct),
                    Lora = !parse.GetValue(full),
                    Time = TrainingDuration.Parse(parse.GetValue(time)!),
                    LearningRate = parse.GetValue(lr),
                    Batch = parse.GetValue(batch) ?? 4,
                    Seed = seedValue,
                    Threads = Math.Max(1, parse.GetValue(threads)),
                    TaskName = set.Name,
                    DataOrigin = Path.GetFullPath(dataPath),
                };
                WritingTaskManifest manifest;
                using (var display = new TrainingDisplay(console.Out, "task " + taskKind))
                using (var sink = new SpectreProgressSink(console.Out))
                {
                    (manifest, _) = WritingTaskTraining.Run(set with { Definition = set.Definition is null ? null : set.Definition with { Kind = taskKind } }, writing, display.Step, sink, ct);
                }

                TaskTrainSummary.WriteWriting(console.Out, manifest, writing.OutputFolder);
                return CliAction.Ok;
            }

            var defaults = new ClassifierTrainerOptions { OutputFolder = parse.GetValue(output)! };
            var options = defaults with
            {
                TaskName = set.Name,
                DataOrigin = Path.GetFullPath(dataPath),
                BaseModel = parse.GetValue(baseModel),
                Lora = parse.GetValue(full) ? null : defaults.Lora,
                Time = TrainingDuration.Parse(parse.GetValue(time)!),
                Clock = parse.GetValue(clock),
                Corpus = await TaskTraining.ReadCorpusAsync(parse.GetValue(corpus) ?? [], ct).ConfigureAwait(false),
                PretrainShare = parse.GetValue(pretrainShare),
                MaxInputTokens = parse.GetValue(maxInput),
                TailTokens = parse.GetValue(tail),
                Hidden = parse.GetValue(hidden) ?? defaults.Hidden,
                Layers = parse.GetValue(layers) ?? defaults.Layers,
                VocabSize = parse.GetValue(vocab) ?? defaults.VocabSize,
                LearningRate = parse.GetValue(lr) ?? defaults.LearningRate,
                Batch = parse.GetValue(batch) ?? defaults.Batch,
                BalancePower = parse.GetValue(balance) ?? defaults.BalancePower,
                CrossFitFolds = Math.Max(0, parse.GetValue(folds)),
                Seed = seedValue,
                Threads = Math.Max(1, parse.GetValue(threads)),
            };
            if (parse.GetValue(full) && options.BaseModel is null) throw new WrenException("--full fine-tunes a base model: give --base too");
            var printer = new TaskTrainingProgress(console.Out, options.Time.TotalSeconds);
            printer.Starting(set, options);
            var result = TaskTraining.Run(set, options, parse.GetValue(curve), printer.Report, cancellationToken: ct);
            TaskTrainSummary.Write(console.Out, result);
            return CliAction.Ok;
        });
        return command;
    }
}
