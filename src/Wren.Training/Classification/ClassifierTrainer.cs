using System.Globalization;
using System.Text;
using Wren.Runtime;
using Wren.Runtime.Classification;
using Wren.Runtime.Formats.HuggingFace;
using Wren.Runtime.Formats.Safetensors;
using Wren.Runtime.Threading;
using Wren.Runtime.Tokenization;
using Wren.Training.Checkpoints;
using Wren.Training.Lora;
using Wren.Training.Model;
using Wren.Training.Optimization;
using Wren.Training.Tokenization;
using Wren.Training.Trainer;

namespace Wren.Training.Classification;

/// <summary>
/// Trains a classifier for one task within a time budget. From scratch: a byte-level BPE tokenizer on the training
/// inputs and the organization's unlabelled text (with a special token per label), next-token pretraining of a small
/// Llama-architecture model on that same text, whole messages (<see cref="ClassifierTrainerOptions.PretrainShare"/>),
/// then fine-tuning on the examples. With a base model: LoRA (merged at the
/// end) or full fine-tuning of it. Fine-tuning minimises the label's negative log-likelihood after the prompt — the
/// score the classifier uses — with rare labels sampled more often, keeps a moving average of the weights, checks the
/// average's validation accuracy a few times per epoch, keeps the best and stops when accuracy has not improved for a while; a temperature fitted on the
/// validation split makes the confidence calibrated. RUN/model is an ordinary Hugging Face folder and RUN/task.json
/// the classifier's manifest (<see cref="ClassifierManifest"/>).
/// </summary>
public static class ClassifierTrainer
{
    public const string MetricsFileName = "metrics.jsonl";

    public static ClassifierTrainingResult Train(IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation, IReadOnlyList<string> labels,
        ClassifierTrainerOptions options, Action<ClassifierTrainingEvent>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Check(train, validation, labels);
        string run = Path.GetFullPath(options.OutputFolder);
        Directory.CreateDirectory(run);
        var clock = new TrainingClock(options.Clock, options.Threads);
        double budget = options.Time.TotalSeconds;
        if (!(budget > 0)) throw new WrenException($"the time budget must be positive (got {options.Time})");
        using var pool = new WorkerPool(Math.Max(1, options.Threads));
        using var metrics = new StreamWriter(Path.Combine(run, MetricsFileName), append: false, new UTF8Encoding(false));
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var labelIndex = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);

        BpeTokenizer tokenizer;
        ClassifierPrompt prompt;
        LlamaConfig config;
        string tokenizerFolder;
        float[]? pretrained = null;
        int folds = CrossFitFolds(options, train, validation);
        // Cross-fitting trains on the validation split too (each fine-tune holds out its own fold), so its inputs are
        // the task's text like the training inputs.
        var texts = folds >= 2 ? [.. train, .. validation] : train;
        if (options.BaseModel is null)
        {
            tokenizerFolder = Path.Combine(run, "tokenizer");
            tokenizer = TrainTokenizer(texts, labels, options, tokenizerFolder, figures, cancellationToken);
            progress?.Invoke(new ClassifierTrainingEvent("tokenizer", 0, 0, 0, null, clock.Seconds, budget - clock.Seconds, 0));
            prompt = ClassifierPrompt.ForTaskModel(labels, options.MaxInputTokens, options.TailTokens) with { Prefix = EndOfText };
            int eot = tokenizer.TokenToId(EndOfText) ?? throw new InvalidOperationException("the trained tokenizer lacks <|endoftext|>");
            int positions = Math.Max(512, Math.Max(options.PretrainSequence, prompt.Encode(tokenizer, "").Length + options.MaxInputTokens + 1));
            config = ModelPresets.Make(options.Hidden, options.Layers, options.Heads, options.Heads, options.IntermediateSize, tokenizer.VocabularySize, positions) with { EosTokenIds = [eot] };
            double pretrainEnd = clock.Seconds + Math.Clamp(options.PretrainShare, 0, 1) * Math.Max(0, budget - clock.Seconds);
            pretrained = Pretrain(texts, options, tokenizer, config, pool, clock, pretrainEnd, budget, metrics, figures, progress, cancellationToken);
        }
        else
        {
            string baseFolder = Path.GetFullPath(options.BaseModel);
            if (!Directory.Exists(baseFolder)) throw new WrenException($"--base '{options.BaseModel}': no such model folder");
            tokenizerFolder = baseFolder;
            config = LlamaConfigJson.Load(baseFolder);
            tokenizer = BpeTokenizer.Load(baseFolder);
            prompt = ClassifierPrompt.ForBaseModel(labels, options.MaxInputTokens, options.TailTokens);
        }

        var continuations = prompt.EncodeContinuations(tokenizer);
        var trainSet = Encode(train, prompt, tokenizer, labelIndex);
        var validationSet = Encode(validation, prompt, tokenizer, labelIndex);
        int longestPrompt = trainSet.Concat(validationSet).Max(e => e.Prompt.Length);
        int time = longestPrompt + continuations.Max(c => c.Length) - 1;
        if (time > config.MaxPositionEmbeddings)
            throw new WrenException($"prompts of up to {longestPrompt} tokens do not fit the model's {config.MaxPositionEmbeddings} positions (lower --max-input-tokens)");
        var lora = options.BaseModel is not null ? options.Lora : null;
        // The weights live in a 1 x 1 host model; one model per length bucket shares them (see LabelBatchSampler).
        var host = new LlamaTrainingModel(config, 1, 1, pool, lora);
        if (pretrained is not null)
        {
            pretrained.CopyTo(host.Parameters.Values.Span);
            // Pretraining only ever pushed the never-seen label tokens down (tied embeddings: their rows are also the
            // head's), so fine-tuning would first spend its steps undoing that; every label starts at logit 0 instead.
            var embedding = host.Parameters.Value("model.embed_tokens.weight").Span;
            foreach (var c in continuations) embedding.Slice(c[0] * config.HiddenSize, config.HiddenSize).Clear();
        }
        else
        {
            using var checkpoint = SafetensorsCheckpoint.Open(options.BaseModel!);
            host.LoadFrom(checkpoint);
            host.InitializeAdapters(options.Seed);
        }

        var manifest = new ClassifierManifest
        {
            Task = options.TaskName,
            Labels = labels,
            Prompt = prompt,
            Method = options.BaseModel is null ? "scratch" : lora is null ? "full" : "lora",
            BaseModel = options.BaseModel is null ? null : Path.GetFullPath(options.BaseModel),
            Data = options.DataOrigin,
        };
        var fine = new FineTuneSetup(host, continuations, prompt, tokenizer, manifest, time, options, clock, budget, metrics, figures, progress, cancellationToken);
        double best, temperature = 1;
        if (folds >= 2)
        {
            (best, temperature) = CrossFit(fine, [.. trainSet, .. validationSet], folds, run, tokenizerFolder);
        }
        else
        {
            var fit = FineTune(fine, trainSet, validationSet, budget, "");
            best = fit.Best;
            // Calibration on the validation split with the kept (best) weights.
            if (validationSet.Count > 0) temperature = TemperatureScaling.Fit(fit.Scores, validationSet.Select(e => e.Label).ToList());
        }

        figures["train_examples"] = train.Count;
        figures["validation_examples"] = validation.Count;
        figures["validation_accuracy"] = best;
        figures["parameters"] = config.ParameterCount;
        figures["sequence"] = time;
        figures["wall_seconds"] = clock.WallSeconds;
        figures["cpu_seconds"] = clock.CpuSeconds;
        figures["threads"] = options.Threads;
        if (LoadAverage() is { } load) figures["load_average"] = load;
        manifest = manifest with { Temperature = temperature, Training = figures };
        Save(host, manifest, run, tokenizerFolder, options.BaseModel);
        return new ClassifierTrainingResult
        {
            Manifest = manifest,
            RunFolder = run,
            Parameters = config.ParameterCount,
            BestValidationAccuracy = best,
            WallSeconds = clock.WallSeconds,
            CpuSeconds = clock.CpuSeconds,
            LoadAverage = LoadAverage(),
        };
    }

    private const string EndOfText = "<|endoftext|>";

    /// <summary>Peak fine-tuning learning rate of a scratch model (bench/Wren.Bench.Tasks: with the default 0.9M model 3e-3 learns faster but swings by several points between checks; 1.5e-3 settles higher).</summary>
    public const double ScratchLearningRate = 1.5e-3;

    /// <summary>The folds a run cross-fits over: only from scratch, with a validation split, and never more than the rarest label has examples.</summary>
    private static int CrossFitFolds(ClassifierTrainerOptions options, IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation)
    {
        if (options.BaseModel is not null || validation.Count == 0 || options.CrossFitFolds < 2) return 1;
        int rarest = train.Concat(validation).GroupBy(e => e.Label, StringComparer.Ordinal).Min(g => g.Count());
        return rarest >= options.CrossFitFolds ? options.CrossFitFolds : 1;
    }

    private static void Check(IReadOnlyList<LabeledText> train, IReadOnlyList<LabeledText> validation, IReadOnlyList<string> labels)
    {
        if (labels.Count < 2) throw new WrenException($"a classifier needs at least two labels (got {labels.Count})");
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count) throw new WrenException("the label set lists a label twice");
        if (train.Count == 0) throw new WrenException("no training examples");
        var known = labels.ToHashSet(StringComparer.Ordinal);
        foreach (var e in train.Concat(validation))
        {
            if (!known.Contains(e.Label)) throw new WrenException($"the example label '{e.Label}' is not in the task's label set ({string.Join(", ", labels)})");
        }
    }

    /// <summary>A byte-level BPE tokenizer on the training inputs and the corpus, with the end-of-text, classify and label special tokens.</summary>
    private static BpeTokenizer TrainTokenizer(IReadOnlyList<LabeledText> train, IReadOnlyList<string> labels, ClassifierTrainerOptions options, string folder,
        SortedDictionary<string, double> figures, CancellationToken cancellationToken)
    {
        var specials = new List<string> { EndOfText, ClassifierPrompt.ClassifyToken };
        specials.AddRange(labels.Select(ClassifierPrompt.LabelToken));
        var trainer = new BpeTrainer(new BpeTrainerOptions { VocabSize = Math.Max(options.VocabSize, specials.Count + 257), MinFrequency = 2, SpecialTokens = specials, Threads = options.Threads });
        trainer.Count(train.Select(e => e.Input).Concat(options.Corpus), cancellationToken: cancellationToken);
        var trained = trainer.Train(cancellationToken: cancellationToken);
        HfTokenizerWriter.Write(trained, folder);
        figures["vocabulary"] = trained.Tokens.Count;
        return BpeTokenizer.Load(folder);
    }

    /// <summary>Next-token pretraining on the training inputs and the corpus until <paramref name="end"/>; returns the weights.</summary>
    private static float[] Pretrain(IReadOnlyList<LabeledText> train, ClassifierTrainerOptions options, BpeTokenizer tokenizer, LlamaConfig config, WorkerPool pool,
        TrainingClock clock, double end, double budget, StreamWriter metrics, SortedDictionary<string, double> figures, Action<ClassifierTrainingEvent>? progress,
        CancellationToken cancellationToken)
    {
        int eot = config.EosTokenIds[0];
        bool pretrains = clock.Seconds < end;
        int T = pretrains ? options.PretrainSequence : 1, B = pretrains ? Math.Max(1, options.PretrainBatch) : 1;
        var model = new LlamaTrainingModel(config, B, T, pool);
        model.InitializeRandom(options.Seed);
        // No pretraining share (the default): the random initialisation, without tokenizing the corpus for nothing.
        if (!pretrains) return model.Parameters.Values.Span.ToArray();

        var stream = new List<int>();
        foreach (string text in train.Select(e => e.Input).Concat(options.Corpus))
        {
            tokenizer.Encode(text, stream, addSpecialTokens: false);
            stream.Add(eot);
        }

        figures["pretrain_corpus_tokens"] = stream.Count;
        if (stream.Count < T + 2 || clock.Seconds >= end) return model.Parameters.Values.Span.ToArray();

        var sampler = new TokenWindowSampler(stream.ToArray(), [], options.Seed + 1);
        var optimizer = new AdamW(model.Parameters, new AdamWOptions { WeightDecay = options.WeightDecay });
        var inputs = new int[B * T];
        var targets = new int[B * T];
        double start = clock.Seconds, span = Math.Max(1e-9, end - start);
        // A few passes over the text are enough (a small task's inputs are learned by heart after that); the schedule
        // ends at whichever comes first, the time share or the passes.
        long maxSteps = Math.Max(1, (long)Math.Ceiling(options.PretrainEpochs * stream.Count / (double)(B * T)));
        long step = 0;
        double loss = double.NaN;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double fraction = Math.Max((clock.Seconds - start) / span, (double)step / maxSteps);
            if (fraction >= 1) break;
            double lr = options.PretrainLearningRate * Math.Min(1, (step + 1) / 20.0) * Cosine(fraction, 0.1);
            long began = System.Diagnostics.Stopwatch.GetTimestamp();
            model.Parameters.ZeroGradients();
            sampler.NextTrainingBatch(inputs, targets, T);
            loss = model.ComputeGradients(inputs, targets);
            if (!double.IsFinite(loss)) throw new WrenException($"pretraining diverged at step {step + 1} (loss {loss}); lower --pretrain-lr");
            GradientClipping.ClipByGlobalNorm(model.Parameters, 1.0);
            optimizer.Update(lr);
            step++;
            double rate = B * T / Math.Max(1e-9, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalSeconds);
            WriteMetrics(metrics, "pretrain", step, loss, lr, null, clock);
            progress?.Invoke(new ClassifierTrainingEvent("pretrain", step, loss, lr, null, clock.Seconds, budget - clock.Seconds, rate));
        }

        figures["pretrain_steps"] = step;
        figures["pretrain_epochs"] = (double)step * B * T / stream.Count;
        figures["pretrain_tokens"] = step * B * T;
        figures["pretrain_loss"] = loss;
        return model.Parameters.Values.Span.ToArray();
    }

    /// <summary>
    /// Cross-fitting (<see cref="ClassifierTrainerOptions.CrossFitFolds"/>): the training and validation examples are
    /// pooled and cut into folds stratified by label; one fine-tune per fold starts from the same pretrained weights,
    /// trains on the other folds and keeps the checkpoint its own held-out fold (a third of the examples, not the
    /// validation split's tenth) scores best; the model is the average of the kept weights (a "model soup": fine-tunes
    /// from one initialisation lie in one basin, so their average is one model as fast as each, and its choice rests on
    /// every example held out once). The temperature is fitted on the pooled held-out scores. Returns the held-out
    /// accuracy over all folds and the temperature; leaves the soup in the host.
    /// </summary>
    private static (double Accuracy, double Temperature) CrossFit(FineTuneSetup f, IReadOnlyList<EncodedExample> pool, int folds, string run, string tokenizerFolder)
    {
        var fold = CrossFitFoldAssignment.Assign(pool.Select(e => e.Label).ToList(), folds, f.Options.Seed + 3);
        var start = f.Host.Trainable.Values.Span.ToArray();
        var sum = new double[start.Length];
        var kept = new List<float[]>();
        var heldOutScores = new List<double[]>();
        var heldOutLabels = new List<int>();
        var chosenEpochs = new List<double>();
        int right = 0;
        for (int k = 0; k < folds; k++)
        {
            start.CopyTo(f.Host.Trainable.Values.Span);
            var fitOn = pool.Where((_, i) => fold[i] != k).ToList();
            var heldOut = pool.Where((_, i) => fold[i] == k).ToList();
            // Each fine-tune gets an equal share of what is left, so time one stops early goes to the next.
            double end = f.Clock.Seconds + (f.Budget - f.Clock.Seconds) / (folds - k);
            var fit = FineTune(f with { Seed = f.Options.Seed + (ulong)k * 1000 }, fitOn, heldOut, end, string.Create(CultureInfo.InvariantCulture, $"fold{k}_"));
            var weights = f.Host.Trainable.Values.Span;
            for (int i = 0; i < weights.Length; i++) sum[i] += weights[i];
            kept.Add(weights.ToArray());
            heldOutScores.AddRange(fit.Scores);
            heldOutLabels.AddRange(heldOut.Select(e => e.Label));
            right += (int)Math.Round(fit.Best * heldOut.Count);
            chosenEpochs.Add(fit.BestEpoch);
            if (f.Options.KeepFoldModels) SaveWeights(f, weights, Path.Combine(run, "folds", k.ToString(CultureInfo.InvariantCulture)), tokenizerFolder);
        }

        var soup = f.Host.Trainable.Values.Span;
        for (int i = 0; i < soup.Length; i++) soup[i] = (float)(sum[i] / folds);
        // Nothing is held out from the soup, so no split can choose between it and a single fine-tune without bias. What
        // is checked is that averaging did not break the model: on the pooled examples (each seen by all but one
        // member) it must score at least the members' held-out accuracy, else the best single fine-tune is kept.
        var all = f.Scorer(pool);
        var (soupOnPool, _, _) = all.Score();
        if (f.Options.KeepFoldModels) SaveWeights(f, soup, Path.Combine(run, "folds", "soup"), tokenizerFolder);
        double accuracy = (double)right / pool.Count;
        f.Figures["cross_fit_folds"] = folds;
        f.Figures["held_out_accuracy"] = accuracy;
        f.Figures["soup_pool_accuracy"] = soupOnPool;
        f.Figures["chosen_epoch_mean"] = chosenEpochs.Average();
        if (soupOnPool < accuracy)
        {
            int bestFold = Enumerable.Range(0, folds).MaxBy(k => f.Figures[string.Create(CultureInfo.InvariantCulture, $"fold{k}_best_accuracy")]);
            kept[bestFold].CopyTo(soup);
            f.Figures["soup_refused"] = 1;
        }

        return (accuracy, TemperatureScaling.Fit(heldOutScores, heldOutLabels));
    }

    private static void SaveWeights(FineTuneSetup f, ReadOnlySpan<float> weights, string folder, string tokenizerFolder)
    {
        var live = f.Host.Trainable.Values.Span;
        var own = live.ToArray();
        weights.CopyTo(live);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        new CheckpointStore(Path.GetDirectoryName(folder)!, tokenizerFolder: tokenizerFolder).WriteModelFolder(f.Host, folder);
        own.CopyTo(live);
    }

    /// <summary>
    /// Fine-tuning on the label's log-likelihood with early stopping on validation accuracy until <paramref name="end"/>;
    /// leaves the best weights in the host and returns their validation scores.
    /// </summary>
    private static FineTuneFit FineTune(FineTuneSetup f, IReadOnlyList<EncodedExample> trainSet, IReadOnlyList<EncodedExample> validationSet, double end, string prefix)
    {
        var (host, options, clock, budget, figures, progress, cancellationToken) = (f.Host, f.Options, f.Clock, f.Budget, f.Figures, f.Progress, f.CancellationToken);
        var metrics = f.Metrics;
        var sampler = f.Sampler(trainSet);
        var models = f.Models(sampler);
        var validator = new ValidationScorer(models, sampler, validationSet, f.Continuations, f.Tokenizer, f.Manifest, options.Threads);
        int examples = trainSet.Count;
        int B = models[0].Batch;
        double peak = options.LearningRate ?? (options.BaseModel is null ? ScratchLearningRate : LoraSettings.DefaultLearningRate(lora: options.Lora is not null));
        var optimizer = new AdamW(host.Trainable, new AdamWOptions { WeightDecay = options.WeightDecay });
        long perEpoch = Math.Max(1, (examples + B - 1) / B);
        long maxSteps = Math.Max(1, options.MaxEpochs * perEpoch);
        long evalEvery = Math.Max(1, perEpoch / Math.Max(1, options.EvalsPerEpoch));
        long warmup = Math.Clamp(maxSteps / 50, 1, 30);
        var buffers = models.Select(m => (new int[m.Batch * m.Time], new int[m.Batch * m.Time])).ToArray();
        double start = clock.Seconds, span = Math.Max(1e-9, end - start);
        double best = -1, bestLoss = double.PositiveInfinity, lastCheck = start;
        long bestStep = 0;
        float[]? bestWeights = null;
        // The running sum of the weights at each check from the third epoch on (see AverageCheckpoints).
        double[]? sum = null;
        int summed = 0;
        long averageFrom = options.AverageCheckpoints ? 2 * perEpoch : long.MaxValue;
        int sinceBest = 0, checks = 0;
        long step = 0, tokens = 0;
        double loss = double.NaN;
        bool hasValidation = validator.Count > 0;
        // Validation, the checkpoints and the final model use the moving average of the weights when there is one.
        var average = options.MovingAverageDecay > 0 ? new WeightMovingAverage(host.Trainable.Values.Span, options.MovingAverageDecay) : null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double fraction = Math.Max((clock.Seconds - start) / span, (double)step / maxSteps);
            if (fraction >= 1) break;
            double lr = peak * Math.Min(1, (step + 1.0) / warmup) * Cosine(fraction, 0.05);
            long began = System.Diagnostics.Stopwatch.GetTimestamp();
            host.Trainable.ZeroGradients();
            int bucket = sampler.NextBatch(b => buffers[b], B);
            var model = models[bucket];
            loss = model.ComputeGradients(buffers[bucket].Item1, buffers[bucket].Item2);
            if (!double.IsFinite(loss)) throw new WrenException($"fine-tuning diverged at step {step + 1} (loss {loss}); lower --lr");
            GradientClipping.ClipByGlobalNorm(host.Trainable, 1.0);
            optimizer.Update(lr);
            average?.Update(host.Trainable.Values.Span);
            step++;
            tokens += (long)B * model.Time;
            double rate = B * model.Time / Math.Max(1e-9, System.Diagnostics.Stopwatch.GetElapsedTime(began).TotalSeconds);

            double? accuracy = null;
            // A check every evalEvery steps, and at least every eighth of the budget (a slow machine still gets checks).
            if (hasValidation && (step % evalEvery == 0 || clock.Seconds - lastCheck > span / 8))
            {
                average?.Exchange(host.Trainable.Values.Span);
                var (acc, nll, _) = validator.Score();
                lastCheck = clock.Seconds;
                checks++;
                accuracy = acc;
                if (step >= averageFrom)
                {
                    var weights = host.Trainable.Values.Span;
                    sum ??= new double[weights.Length];
                    for (int i = 0; i < weights.Length; i++) sum[i] += weights[i];
                    summed++;
                }

                if (acc > best || (acc == best && nll < bestLoss))
                {
                    best = acc;
                    bestLoss = nll;
                    bestWeights = host.Trainable.Values.Span.ToArray();
                    bestStep = step;
                    sinceBest = 0;
                }
                else
                {
                    sinceBest++;
                }

                average?.Exchange(host.Trainable.Values.Span);
                // A model from scratch can sit at the majority label for a few epochs before it finds the signal, so
                // patience only counts once a third of the fine-tuning budget is spent.
                if (sinceBest >= options.Patience && fraction > 1.0 / 3)
                {
                    WriteMetrics(metrics, "finetune", step, loss, lr, accuracy, clock);
                    progress?.Invoke(new ClassifierTrainingEvent("finetune", step, loss, lr, accuracy, clock.Seconds, 0, rate));
                    figures[prefix + "stopped_early"] = 1;
                    break;
                }
            }

            WriteMetrics(metrics, "finetune", step, loss, lr, accuracy, clock);
            progress?.Invoke(new ClassifierTrainingEvent("finetune", step, loss, lr, accuracy, clock.Seconds, budget - clock.Seconds, rate));
        }

        if (hasValidation)
        {
            // The weights after the last step (or their average) may be better than any checked: check them once more.
            average?.Exchange(host.Trainable.Values.Span);
            var (acc, nll, _) = validator.Score();
            if (acc > best || (acc == best && nll < bestLoss) || bestWeights is null)
            {
                best = acc;
                bestLoss = nll;
                bestWeights = host.Trainable.Values.Span.ToArray();
                bestStep = step;
            }

            if (sum is not null && summed >= 2)
            {
                // The average of the checked weights (stochastic weight averaging): a small data set makes single
                // checkpoints swing by points of accuracy; kept only when validation says it is better.
                var weights = host.Trainable.Values.Span;
                for (int i = 0; i < weights.Length; i++) weights[i] = (float)(sum[i] / summed);
                var (averaged, averagedNll, _) = validator.Score();
                figures[prefix + "averaged_checkpoints"] = summed;
                figures[prefix + "averaged_validation_accuracy"] = averaged;
                if (averaged > best || (averaged == best && averagedNll < bestLoss))
                {
                    best = averaged;
                    bestWeights = null;
                    figures[prefix + "kept_average"] = 1;
                    bestStep = step;
                }
            }

            bestWeights?.CopyTo(host.Trainable.Values.Span);
        }

        figures[prefix + "finetune_steps"] = step;
        figures[prefix + "finetune_tokens"] = tokens;
        figures[prefix + "validation_checks"] = checks;
        figures[prefix + "finetune_epochs"] = (double)step * B / examples;
        figures[prefix + "finetune_loss"] = loss;
        figures[prefix + "finetune_learning_rate"] = peak;
        figures[prefix + "best_epoch"] = (double)bestStep * B / examples;
        if (!hasValidation) return new FineTuneFit(double.NaN, (double)step * B / examples, []);
        figures[prefix + "best_accuracy"] = best;
        var (_, _, scores) = validator.Score();
        return new FineTuneFit(best, (double)bestStep * B / examples, scores);
    }

    private static List<EncodedExample> Encode(IReadOnlyList<LabeledText> examples, ClassifierPrompt prompt, BpeTokenizer tokenizer, Dictionary<string, int> labels)
    {
        var encoded = new EncodedExample[examples.Count];
        Parallel.For(0, examples.Count, i => encoded[i] = new EncodedExample(prompt.Encode(tokenizer, examples[i].Input), labels[examples[i].Label]));
        return [.. encoded];
    }

    private static void Save(LlamaTrainingModel model, ClassifierManifest manifest, string run, string tokenizerFolder, string? baseModel)
    {
        string folder = Path.Combine(run, manifest.Model);
        string temp = folder + ".tmp";
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        var store = new CheckpointStore(run, tokenizerFolder: tokenizerFolder, baseModelPath: baseModel is null ? null : Path.GetFullPath(baseModel));
        if (model.Adapters is not null)
        {
            // The adapter as PEFT writes it, and the merged model as the ordinary folder everything else reads.
            string adapter = Path.Combine(run, "adapter");
            if (Directory.Exists(adapter)) Directory.Delete(adapter, recursive: true);
            store.WriteModelFolder(model, adapter);
            PeftAdapter.Merge(baseModel!, adapter, temp);
        }
        else
        {
            store.WriteModelFolder(model, temp);
        }

        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.Move(temp, folder);
        manifest.Save(run);
    }

    /// <summary>Cosine decay from 1 to <paramref name="floor"/> over a fraction in [0, 1].</summary>
    private static double Cosine(double fraction, double floor) => floor + (1 - floor) * 0.5 * (1 + Math.Cos(Math.PI * Math.Clamp(fraction, 0, 1)));

    private static void WriteMetrics(StreamWriter metrics, string phase, long step, double loss, double lr, double? accuracy, TrainingClock clock)
    {
        var c = CultureInfo.InvariantCulture;
        string acc = accuracy is { } a ? string.Create(c, $",\"val_accuracy\":{a:R}") : "";
        metrics.WriteLine(string.Create(c, $"{{\"phase\":\"{phase}\",\"step\":{step},\"loss\":{loss:R},\"lr\":{lr:R}{acc},\"seconds\":{clock.WallSeconds:F2},\"cpu_seconds\":{clock.CpuSeconds:F2}}}"));
    }

    /// <summary>The 1-minute load average from /proc/loadavg (Linux), else null.</summary>
    public static double? LoadAverage()
    {
        try
        {
            if (!File.Exists("/proc/loadavg")) return null;
            string first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
