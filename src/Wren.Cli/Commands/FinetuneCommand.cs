using System.CommandLine;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Training;
using Wren.Training.FineTuning;
using Wren.Training.Lora;

namespace Wren.Cli.Commands;

/// <summary><c>wren finetune</c>: supervised fine-tuning of a Hugging Face base model on chat JSONL, LoRA or full.</summary>
internal static class FinetuneCommand
{
    internal static Command Create(CliConsole console)
    {
        var baseModel = new Option<string>("--base") { Description = "Base model folder: config.json, model.safetensors, tokenizer.json and a chat template (chat_template.jinja or tokenizer_config.json's chat_template), or ORG/NAME[@REVISION] on the Hugging Face hub (pulled when missing)", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Chat JSONL: {\"messages\": [{\"role\", \"content\"}, ...]} (OpenAI format) or {\"prompt\", \"completion\"} per line; bad lines are reported by number and skipped", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Run folder: model/ (the PEFT adapter, or the full model with --full), checkpoints/, best/, metrics.jsonl, loss.png, samples.jsonl", Required = true };
        var full = new Option<bool>("--full") { Description = "Train every weight instead of LoRA adapters (needs ~16 bytes per parameter of memory)" };
        var rank = new Option<int>("--lora-rank", "-r") { Description = "LoRA rank r", DefaultValueFactory = _ => 16 };
        var alpha = new Option<double>("--lora-alpha") { Description = "LoRA alpha (updates are scaled by alpha / r)", DefaultValueFactory = _ => 32 };
        var targets = new Option<string>("--lora-targets") { Description = "Comma-separated modules that get adapters: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj (Phi-3: qkv_proj and gate_up_proj, which their parts' names also select), or all-linear", DefaultValueFactory = _ => "q_proj,v_proj" };
        var shared = new TrainerOptionSet(new TrainerOptionDefaults
        {
            StepsByDefault = "3 epochs",
            RowName = "Packed rows",
            RowUnit = "packed row",
            SequenceNote = "; capped at the model's context",
            Batch = 4,
            Sequence = 512,
            LearningRateByDefault = "2e-4 with LoRA, 2e-5 with --full",
            WeightDecay = 0.0,
            EvalEvery = 50,
            ValidationNote = " (validation: the last 5% of the conversations, from 20 on)",
            CheckpointEvery = 200,
            SeededWhat = "adapter initialisation",
            SampleWhat = "Print a reply to --sample-prompt",
        });
        var epochs = new Option<double?>("--epochs") { Description = "Passes over the packed training rows" };
        var samplePrompt = new Option<string?>("--sample-prompt") { Description = "User message for the samples (default: the first conversation's)" };

        var command = new Command("finetune",
            "Fine-tune a Hugging Face base model on conversations. Each conversation is rendered with the model's own chat template, so the model learns the format it is " +
            "prompted with; loss is on the assistant replies (and their end-of-turn marker) only; short conversations are packed into rows. LoRA by default: RUN/model is a " +
            "PEFT adapter (adapter_config.json + adapter_model.safetensors) that PEFT loads and `wren merge` folds into a full model; --full writes a full model folder.\n" +
            "Example: wren finetune --base models/SmolLM2-135M-Instruct --data support.jsonl --out runs/support --lora-rank 16 --epochs 3 --sample-every 50");
        foreach (var o in new Option[] { baseModel, data, output, full, rank, alpha, targets, epochs })
            command.Options.Add(o);
        shared.AddTo(command);
        command.Options.Add(samplePrompt);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            bool isFull = parse.GetValue(full);
            double? epochCount = FineTuneOptions.EpochsFor(parse.GetValue(shared.Steps), parse.GetValue(epochs), shared.TimeLimit(parse));
            var options = new FineTuneOptions
            {
                BaseModel = await ModelArgument.LocalPathAsync(console, parse.GetValue(baseModel)!, ct),
                DataPath = parse.GetValue(data)!,
                Lora = isFull ? null : new LoraSettings { Rank = parse.GetValue(rank), Alpha = parse.GetValue(alpha), Targets = LoraSettings.ParseTargets(parse.GetValue(targets)!) },
                Batch = parse.GetValue(shared.Batch),
                SequenceLength = parse.GetValue(shared.Sequence),
                Epochs = epochCount,
                Threads = shared.ThreadCount(parse),
                SampleEvery = parse.GetValue(shared.SampleEvery),
                SamplePrompt = parse.GetValue(samplePrompt),
                Trainer = shared.Read(parse, parse.GetValue(output)!, LoraSettings.DefaultLearningRate(lora: !isFull)),
            };

            using var tuner = SpectreProgressSink.Show(console.Out, sink => new FineTuner(options, sink));
            FineTuneView.Header(console.Out, tuner);
            FineTuneSummary summary;
            using (var display = new TrainingDisplay(console.Out, "finetune"))
            {
                summary = FineTuneRun.Run(tuner, display.Step,
                    sample => console.Out.MarkupLine(TrainingView.SampleLine(sample, withPrompt: false)),
                    warning => console.Out.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}"),
                    ct);
            }
            FineTuneView.Summary(console.Out, summary, tuner.BaseFolder, FineTuneRun.PlotPath(options.Trainer.OutputFolder));
            return CliAction.Ok;
        });
        return command;
    }
}
