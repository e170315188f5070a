using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Eval.Planning;
using Wren.Pipeline.Planning;

namespace Wren.Cli.Commands;

/// <summary><c>wren plan finetune</c>: what a GPU fine-tune of a base model on a task's conversations costs, before renting.</summary>
internal static class PlanFinetuneCommand
{
    internal static Command Create(CliConsole console)
    {
        var baseModel = new Option<string>("--base", "-b") { Description = "Base model folder (its config.json gives the shape, its tokenizer and chat template count the tokens)", Required = true };
        var data = new Option<string>("--data", "-d") { Description = "Training conversations, chat JSONL (as wren handoff finetune takes)", Required = true };
        var method = new Option<string>("--method") { Description = "lora | qlora | full", DefaultValueFactory = _ => "lora" };
        var epochs = new Option<double>("--epochs") { Description = "Passes over the conversations", DefaultValueFactory = _ => 3 };
        var gpu = new Option<string>("--gpu") { Description = "GPU kind (wren plan --gpu list)", DefaultValueFactory = _ => "H100" };
        var gpus = new Option<int>("--gpus") { Description = "Number of GPUs", DefaultValueFactory = _ => 1 };
        var price = new Option<double?>("--price") { Description = "US dollars per GPU-hour (no dollars without it)" };
        var mfu = new Option<double>("--mfu") { Description = "Assumed model FLOPs utilisation for LoRA/full (QLoRA gets 0.7 of it: dequantization)", DefaultValueFactory = _ => 0.35 };
        var seq = new Option<int>("--seq-len") { Description = "Longest sequence; longer conversations are cut", DefaultValueFactory = _ => 2048 };
        var rank = new Option<int>("--lora-rank") { Description = "LoRA rank r (memory estimate)", DefaultValueFactory = _ => 16 };
        var micro = new Option<int>("--micro-batch") { Description = "Sequences per GPU per micro-step (memory estimate)", DefaultValueFactory = _ => 4 };
        var command = new Command("finetune",
            "Price a fine-tune before renting: FLOPs for the task's tokens (4·N per token for LoRA/QLoRA, whose base weights get no gradients; 6·N for full; plus attention), " +
            "hours at an assumed utilisation of the chosen GPUs, GPU-hours, dollars at --price, and memory per GPU for the method.\n\n" +
            "Example: wren plan finetune --base models/qwen2.5-0.5b --data tasks/replies-chat/train.jsonl --method qlora --gpu L4 --price 0.80");
        foreach (var o in new Option[] { baseModel, data, method, epochs, gpu, gpus, price, mfu, seq, rank, micro }) command.Options.Add(o);
        CliAction.Set(command, console, (parse, ct) =>
        {
            var plan = new FineTunePlan
            {
                Model = ModelShape.Create(1, null, null),
                Tokens = 1,
                Epochs = parse.GetValue(epochs),
                Method = parse.GetValue(method)!,
                Hardware = HardwareCatalog.Find(parse.GetValue(gpu)!),
                GpuCount = parse.GetValue(gpus),
                PricePerGpuHour = parse.GetValue(price),
                Mfu = parse.GetValue(mfu),
                LoraRank = parse.GetValue(rank),
                MicroBatch = parse.GetValue(micro),
            };
            var result = FineTuneCost.Estimate(parse.GetValue(baseModel)!, parse.GetValue(data)!, plan, parse.GetValue(seq));
            PlanReport.RenderFineTune(console.Out, result);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
