using System.Globalization;
using Spectre.Console;
using Wren.Data.Tasks;
using Wren.Data.Teacher;

namespace Wren.Cli.Terminal;

/// <summary>What <c>wren examples replies</c>, <c>teacher</c> and <c>chat</c> made, left out and cost.</summary>
internal static class ExamplesSummary
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void PrintReplies(IAnsiConsole console, MailReplyResult r, string folder)
    {
        var table = SummaryTable.Create();
        table.AddRow("messages read", r.Messages.ToString("N0", C));
        table.AddRow("replies found", r.Replies.ToString("N0", C) + " (their message is in the sources)");
        table.AddRow("pairs", $"train {r.Train.Count.ToString("N0", C)}, val {r.Validation.Count.ToString("N0", C)}, test {r.Test.Count.ToString("N0", C)}");
        foreach (var (reason, count) in r.Definition.Dropped) table.AddRow("dropped", $"{count.ToString("N0", C)} {Markup.Escape(reason)}");
        console.Write(table);
        foreach (string error in r.Errors.Take(5)) console.MarkupLine("[yellow]skipped:[/] " + Markup.Escape(error));
        if (r.Errors.Count > 5) console.MarkupLine($"[yellow]... and {r.Errors.Count - 5} more files skipped[/]");
        console.MarkupLine($"wrote [green]{Markup.Escape(folder)}[/]; next: [blue]wren examples chat --task {Markup.Escape(folder)} --out {Markup.Escape(folder)}-chat[/]");
    }

    public static void PrintChat(IAnsiConsole console, TaskChatFiles files, string folder)
    {
        console.MarkupLine(string.Create(C,
            $"wrote [green]{Markup.Escape(folder)}[/]: train.jsonl {files.TrainConversations:N0} conversations ({files.Replayed:N0} replayed general text), val.jsonl {files.ValidationConversations:N0}"));
        console.MarkupLine($"next: [blue]wren handoff finetune --base MODEL --data {Markup.Escape(files.Train)} --val {Markup.Escape(files.Validation)}[/]");
    }

    public static void PrintTeacher(IAnsiConsole console, TeacherDataResult r, TeacherSpend? judge, string folder)
    {
        var table = SummaryTable.Create();
        table.AddRow("chunks sent", r.Chunks.ToString("N0", C));
        table.AddRow("examples written", r.Generated.ToString("N0", C));
        if (r.Scores.Count > 0) table.AddRow("judge scores", string.Join("  ", r.Scores.Select(s => $"{s.Key}: {s.Value.ToString("N0", C)}")));
        foreach (var (reason, count) in r.Dropped) table.AddRow("dropped", $"{count.ToString("N0", C)} {Markup.Escape(reason)}");
        table.AddRow("kept", $"train {r.Train.Count.ToString("N0", C)}, val {r.Validation.Count.ToString("N0", C)}, test {r.Test.Count.ToString("N0", C)}");
        table.AddRow("teacher spend", Spend(r.Spend));
        if (judge is not null) table.AddRow("judge spend", Spend(judge));
        console.Write(table);
        console.MarkupLine($"wrote [green]{Markup.Escape(folder)}[/]");
    }

    private static string Spend(TeacherSpend s)
    {
        string dollars = s.Dollars is { } d ? $", ${d.ToString("0.0000", C)}" : " (give --price-in/--price-out for dollars)";
        return $"{s.Requests.ToString("N0", C)} requests ({s.Cached.ToString("N0", C)} from cache, {s.Retries.ToString("N0", C)} retries), " +
            $"{s.InputTokens.ToString("N0", C)} tokens in, {s.OutputTokens.ToString("N0", C)} out{Markup.Escape(dollars)}";
    }
}
