using System.Text;
using Wren.Data.Curation.Recipe;
using Wren.Runtime;
using static Wren.Data.Curation.Recipe.CommentedYaml;

namespace Wren.Pipeline.Build.Recipe;

/// <summary>
/// Reads and writes <c>wren.yaml</c> in the style of the curation recipe (snake_case keys, YamlDotNet):
/// an unknown key is an error naming the key, its section and its line; <see cref="DefaultWithComments"/>
/// is what <c>wren init</c> writes.
/// </summary>
public static class BuildRecipeYaml
{
    public const string DefaultFileName = "wren.yaml";

    public static BuildRecipe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new WrenException($"{path}: recipe file not found (write one with `wren init --out {path}`)");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static BuildRecipe Parse(string yaml, string where = "recipe") =>
        CommentedYaml.Parse<BuildRecipe>(yaml, where, type => SectionName(type) + " (see `wren init` for every key)");

    /// <summary>A section as canonical YAML: what a stage's input hash covers (comments and key order in the file do not matter).</summary>
    public static string Canonical(object section) => CommentedYaml.Serialize(section);

    /// <summary>The default recipe with a comment on every setting, as <c>wren init</c> writes it.</summary>
    public static string DefaultWithComments()
    {
        var r = new BuildRecipe();
        var s = new StringBuilder();
        s.AppendLine("# Wren build recipe: `wren build --recipe wren.yaml --out DIR` runs every stage below.");
        s.AppendLine("# Each stage re-runs only when its section, its inputs or the tool version change (see DIR/build.json).");
        s.AppendLine();
        s.AppendLine("sources: []  # files and folders (relative to this file); SOURCE arguments on the command line replace them; none: samples/acme");
        s.AppendLine();
        s.AppendLine("ingest:  # which files of the sources are read");
        s.AppendLine("  include: []  # globs a file must match, e.g. '**/*.pdf' ([]: every file)");
        s.AppendLine("  exclude: []  # globs of files to leave out, e.g. '**/drafts/**'");
        s.AppendLine();
        s.AppendLine("curation:  # the curation recipe, as `wren curate --init` writes it");
        foreach (string line in RecipeYaml.DefaultWithComments().Split('\n'))
        {
            string trimmed = line.TrimEnd('\r');
            s.AppendLine(trimmed.Length == 0 ? "" : "  " + trimmed);
        }
        s.AppendLine("tokenizer:  # byte-level BPE trained on the curated text");
        Line(s, "vocab_size", r.Tokenizer.VocabSize, "tokens, specials and the 256 bytes included; ~4k suits a few MB of text, 32k+ for GBs");
        Line(s, "min_frequency", r.Tokenizer.MinFrequency, "never merge a pair seen fewer times");
        Line(s, "regex", r.Tokenizer.Regex, "pre-tokenizer: gpt2 or llama3");
        s.AppendLine();
        s.AppendLine("tokens:  # llm.c token shards");
        Line(s, "val_fraction", r.Tokens.ValFraction, "share of documents held out for validation and evaluation");
        s.AppendLine();
        s.AppendLine("model:");
        Line(s, "preset", r.Model.Preset, "tiny (~1M parameters), small (~10M), base (~30M), or a config.json");
        Line(s, "base_model", r.Model.BaseModel, "HF model folder (config.json, safetensors, tokenizer.json) to fine-tune instead of training from scratch; see finetune");
        s.AppendLine();
        s.AppendLine("finetune:  # read only with model.base_model: supervised fine-tuning, then the adapter merged into a full model for eval, export, sample");
        s.AppendLine("           # the tokenizer stage then copies the base model's tokenizer; the budget, batch, seq and seed come from training below");
        List(s, "data", r.Finetune.Data, "chat JSONL files (relative to this file): {\"messages\": [...]} or {\"prompt\", \"completion\"} per line; required with base_model");
        Line(s, "method", r.Finetune.Method, "lora (PEFT adapter in DIR/train/finetune/model, merged into DIR/train/model) or full (every weight)");
        Line(s, "lora_rank", r.Finetune.LoraRank, "LoRA r");
        Line(s, "lora_alpha", r.Finetune.LoraAlpha, "updates are scaled by alpha / r");
        List(s, "lora_targets", r.Finetune.LoraTargets, "q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, or [all-linear]");
        Line(s, "epochs", r.Finetune.Epochs, "passes over the packed conversations; 0: training's minutes/tokens/steps decide");
        Line(s, "learning_rate", r.Finetune.LearningRate, "peak; 0: 2e-4 with lora, 2e-5 with full (training.learning_rate is for pretraining)");
        s.AppendLine();
        s.AppendLine("training:  # the run stops at whichever of minutes, tokens, steps (those not 0) comes first");
        Line(s, "minutes", r.Training.Minutes, "wall-clock budget; keeps the default build under 10 minutes on a slow machine");
        Line(s, "tokens", r.Training.Tokens, "token budget: steps = tokens / (batch x seq); ~8 passes over the sample, raise it for more data");
        Line(s, "steps", r.Training.Steps, "optimizer steps");
        Line(s, "batch", r.Training.Batch, "sequences per step (B)");
        Line(s, "seq", r.Training.Seq, "tokens per sequence (T)");
        Line(s, "learning_rate", r.Training.LearningRate, "peak; cosine decay after 5% warmup");
        Line(s, "eval_every", r.Training.EvalEvery, "validation loss every N steps");
        Line(s, "seed", r.Training.Seed, "initialisation and data order");
        s.AppendLine();
        s.AppendLine("eval:  # scored as lm-evaluation-harness scores them");
        List(s, "tasks", r.Eval.Tasks, "built in, on the held-out documents: perplexity (bits per byte), cloze (multiple choice made from them)");
        List(s, "files", r.Eval.Files, "more tasks as `wren eval --tasks` entries, e.g. mc:quiz.jsonl, gen:qa.jsonl");
        Line(s, "limit", r.Eval.Limit, "questions (documents) per task at most; 0: all");
        Line(s, "cloze_items", r.Eval.ClozeItems, "cloze questions to make");
        s.AppendLine();
        s.AppendLine("export:  # GGUF files for llama.cpp, Ollama, LM Studio");
        List(s, "types", r.Export.Types, "f32, f16, bf16, q8_0, q4_0, q4_k");
        Line(s, "web", r.Export.Web, "true: export/web/, a static site that runs the model in a browser tab (first type; the engine comes from npm once)");
        Line(s, "worker", r.Export.Worker, "true: export/worker/, a Cloudflare Workers project serving the OpenAI API from the model");
        s.AppendLine();
        s.AppendLine("sample:  # generations printed at the end and shown in index.html");
        List(s, "prompts", r.Sample.Prompts, "[]: the opening words of two held-out documents");
        Line(s, "max_tokens", r.Sample.MaxTokens, "");
        Line(s, "temperature", r.Sample.Temperature, "0: greedy");
        Line(s, "seed", r.Sample.Seed, "");
        s.AppendLine();
        s.AppendLine("plan:  # the cost plan in index.html: the same recipe at larger scale (`wren plan --gpu list`)");
        Line(s, "gpu", r.Plan.Gpu, "");
        Line(s, "gpus", r.Plan.Gpus, "");
        Line(s, "price_per_gpu_hour", r.Plan.PricePerGpuHour, "USD, an assumption: set what you pay (0: leave cost out)");
        Line(s, "mfu", r.Plan.Mfu, "assumed model FLOPs utilisation");
        s.AppendLine();
        s.AppendLine("tasks: []  # targeted tasks: examples from your own data, a small model trained for each, measured beside its baselines");
        s.AppendLine("           # ([] with the bundled sample: its route-mail task); each task's keys, with their defaults:");
        var t = new TaskSection();
        s.AppendLine("# - name: route-mail            # DIR/tasks/NAME/: data/ (task.json, train/val/test.jsonl), run/ (the model), eval/task.html");
        s.AppendLine("#   from: mail-headers          # records (rows through input/output templates), folders (the label is the folder), mail-headers");
        s.AppendLine("#   sources: [mail/]            # files and folders (relative to this file); []: the build's sources");
        s.AppendLine("#   label_header: List-Id       # mail-headers: the header holding the label (List-Id, X-Folder, To, Subject)");
        s.AppendLine("#   label_regex: ''             # mail-headers: a regular expression over it; its first group is the label");
        s.AppendLine(@"#   input: '{subject}\n\n{body}'  # records: required, e.g. '{subject}\n\n{body}'; mail: this default; folders: '{text}'");
        s.AppendLine("#   output: ''                  # records: the label, e.g. '{queue}'");
        s.AppendLine("#   map: []                     # folders: FOLDER=LABEL renames, e.g. ['Junk*=spam']");
        s.AppendLine("#   group: ''                   # records: a column whose rows share a split (a customer, a conversation)");
        s.AppendLine(Commented("min_per_label", t.MinPerLabel, "a label with fewer examples is rare"));
        s.AppendLine(Commented("rare", t.Rare, "refuse (stop, naming them), drop, or other (merge into other_label)"));
        s.AppendLine(Commented("val", t.Val, "share held out for validation (early stopping, calibration)"));
        s.AppendLine(Commented("test", t.Test, "share held out for the test"));
        s.AppendLine(Commented("seed", t.Seed, "seed of the split"));
        s.AppendLine(Commented("minutes", t.Minutes, "the task model's budget: tokenizer, pretraining, fine-tuning"));
        s.AppendLine(Commented("clock", t.Clock, "wall, or cpu (CPU time per thread: what the run takes on an idle machine)"));
        s.AppendLine(Commented("learning_curve", t.LearningCurve, "also train on 10% and 30% of the labels (half the budget each)"));
        s.AppendLine(Commented("pretrain_on_curated", t.PretrainOnCurated, "pretrain on the curated documents too (the task's val and test messages left out)"));
        s.AppendLine("#   base_model: ''              # an HF model folder to fine-tune (method: lora or full) instead of training from scratch");
        return s.ToString();
    }

    private static string Commented(string key, object value, string comment)
    {
        string text = value switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
        return ("#   " + key + ": " + text).PadRight(32) + "# " + comment;
    }

    private static string SectionName(string typeName)
    {
        string name = typeName[(typeName.LastIndexOf('.') + 1)..];
        return name switch
        {
            nameof(BuildRecipe) => "the recipe's top level",
            nameof(CurationRecipe) => "section 'curation'",
            _ when name.EndsWith("Section", StringComparison.Ordinal) => $"section '{CommentedYaml.KeyOf(name[..^"Section".Length])}'",
            _ when name.EndsWith("Options", StringComparison.Ordinal) => $"section 'curation.{CommentedYaml.KeyOf(name[..^"Options".Length])}'",
            _ => name,
        };
    }
}
