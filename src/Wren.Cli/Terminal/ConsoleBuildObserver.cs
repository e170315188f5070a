using System.Globalization;
using Spectre.Console;
using Wren.Cli.Commands;
using Wren.Pipeline.Build;
using Wren.Pipeline.Build.Events;

namespace Wren.Cli.Terminal;

/// <summary>Renders what <c>wren build</c>'s stages report: a rule per stage, each stage's own table, progress bars, notes and warnings.</summary>
internal sealed class ConsoleBuildObserver(CliConsole console) : IBuildObserver
{
    private readonly IAnsiConsole _out = console.Out;
    private (string Task, TaskTrainingProgress Printer)? _taskTraining;

    public IProgressScope BeginProgress() => new SpectreProgressSink(_out);

    public void StageStarting(int number, int count, string name, string description) =>
        _out.Write(new Rule($"[bold]{number}/{count} {Markup.Escape(name)}[/] [grey]{Markup.Escape(description)}[/]").LeftJustified());

    public void StageSkipped(StageRecord record) =>
        _out.MarkupLine($"[green]up to date[/] [grey](inputs unchanged since {record.CompletedUtc?.ToString("u", CultureInfo.InvariantCulture)}; outputs intact)[/]");

    public void StageFinished(StageRecord record) =>
        _out.MarkupLine($"[green]done[/] in {record.Seconds.ToString("F1", CultureInfo.InvariantCulture)} s");

    public void Reported(BuildEvent buildEvent)
    {
        switch (buildEvent)
        {
            case IngestFinished e:
                IngestSummary.Write(_out, e.Report, e.Folder);
                break;
            case CurationFinished { Statistics: var result }:
                CurationView.Summary(_out, result, null);
                break;
            case TokenizerTrained e:
                _out.Write(TokenizerView.SummaryTable(e.Result, e.Options));
                break;
            case BaseTokenizerCopied e:
                _out.MarkupLine($"Using the base model's tokenizer ({e.VocabularySize:N0} tokens) from {Markup.Escape(e.BaseModel)}.");
                break;
            case TokensWritten { Result: var r }:
                _out.MarkupLine($"{r.TrainTokens:N0} training tokens ({r.TrainDocuments:N0} documents), {r.ValidationTokens:N0} validation tokens ({r.ValidationDocuments:N0} documents).");
                break;
            case TrainingStarted e:
                _out.Write(TrainingView.HeaderTable(e.Run));
                break;
            case FineTuningStarted e:
                var lora = e.Lora;
                var d = e.Data;
                _out.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"Fine-tuning {e.BaseModel} ({e.Config.ParameterCount:N0} parameters) with {(lora is null ? "every weight" : $"LoRA r={lora.Rank} alpha={lora.Alpha} on {string.Join(", ", lora.Targets)}")}: " +
                    $"{d.Examples.Count:N0} conversations, {d.TrainableTokens:N0} assistant tokens, {d.TrainingRows:N0} train / {d.ValidationRows:N0} validation rows.")));
                foreach (var error in d.Errors.Take(10)) _out.MarkupLine("[yellow]skipped:[/] " + Markup.Escape(error));
                break;
            case TrainingStepFinished { Step: var step } when step.ValidationLoss is not null:
                // The progress bar shows every step; the evaluation steps get a line each.
                _out.MarkupLine(TrainingView.StepLine(step));
                break;
            case TrainingFinished e:
                _out.Write(TrainingView.SummaryTable(e.Summary, e.PlotPath));
                break;
            case AdapterMerged e:
                _out.MarkupLine(Markup.Escape($"Adapter {e.Adapter} merged into {e.Model}."));
                break;
            case EvaluationFinished e:
                _out.Write(EvalTable.Build(e.Report));
                break;
            case GgufWritten e:
                ExportSummary.Gguf(_out, e.Result, e.Type);
                break;
            case TaskTrainingProgressed e:
                if (_taskTraining?.Task != e.Task) _taskTraining = (e.Task, new TaskTrainingProgress(_out, null));
                _taskTraining.Value.Printer.Report(e.Run, e.Step);
                break;
            case TaskEvaluated e:
                TaskDataSummary.Write(_out, e.Data);
                TaskEvalTable.Write(_out, e.Report, Path.Combine(e.Folder, "eval"));
                break;
            case SampleGenerated { Generation: var g }:
                _out.Write(BuildSummary.Sample(g.Prompt, g.Text));
                break;
        }
    }

    public void Note(string message) => _out.MarkupLine("[yellow]note:[/] " + Markup.Escape(message));

    public void Warning(string message) => _out.MarkupLine("[yellow]warning:[/] " + Markup.Escape(message));

    public void Stopping(string? stage) =>
        console.ErrorLine($"wren build: stopping{(stage is null ? "" : " in stage " + stage)}; run the same command again to resume from there.");
}
