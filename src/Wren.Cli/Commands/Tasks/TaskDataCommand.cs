using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Pipeline.Build.Recipe;
using Wren.Pipeline.Tasks;
using Wren.Runtime;

namespace Wren.Cli.Commands.Tasks;

/// <summary><c>wren task data</c>: a task folder from records, folders or mail headers (<see cref="TaskDataBuild"/>).</summary>
internal static class TaskDataCommand
{
    internal static Command Create(CliConsole console)
    {
        var sources = new Argument<string[]>("SOURCE") { Description = "Files and folders to read, in any format wren ingest reads (records: CSV/TSV/JSONL/Parquet; mail: .eml/.mbox).", Arity = ArgumentArity.ZeroOrMore };
        var from = new Option<string>("--from") { Description = "The builder: records (rows through --input/--output templates, or --fields for extract), folders (the label is the folder a file sits in), mail-headers (the label is a header such as List-Id), mail-replies (generate: a message in, the reply to it out)", Required = true };
        from.AcceptOnlyFromAmong([.. TaskDataBuild.Builders]);
        var kind = new Option<string>("--kind") { Description = "classify (one label per input), generate (text out: a reply, an answer) or extract (a JSON object out, following --schema or a schema inferred from --fields)", DefaultValueFactory = _ => TaskDefinition.ClassifyKind };
        kind.AcceptOnlyFromAmong([.. TaskDefinition.Kinds]);
        var fields = new Option<string?>("--fields") { Description = "extract from records: the columns that make the output object, comma-separated, e.g. queue,priority" };
        var schema = new Option<string?>("--schema") { Description = "extract: a JSON Schema file the output objects follow (default: inferred: integers, numbers, booleans, enums of few values, bounded strings; every field required)" };
        var output = new Option<string>("--out", "-o") { Description = "The task folder: task.json, train.jsonl, val.jsonl, test.jsonl", Required = true };
        var name = new Option<string?>("--name") { Description = "The task's name (default: the folder's name)" };
        var input = new Option<string?>("--input") { Description = "Template of the input, fields in braces: records \"{subject}\\n\\n{body}\" (required); mail {subject} {body} {from} {to} {date} (default \"{subject}\\n\\n{body}\"); folders {text} (default)" };
        var outputTemplate = new Option<string?>("--output") { Description = "records: template of the label (classify) or of the text to write (generate), e.g. \"{queue}\" or \"{answer}\"" };
        var labelHeader = new Option<string?>("--label-header") { Description = "mail-headers: the header holding the label, e.g. List-Id, X-Folder, To, Subject" };
        var labelRegex = new Option<string?>("--label-regex") { Description = "mail-headers: a regular expression over that header; its first group is the label, e.g. \"support\\+(\\w+)@\" over To" };
        var map = new Option<string[]>("--map") { Description = "folders: rename folders into labels, FOLDER=LABEL with * and ? globs, e.g. --map 'easy-ham-*=ham' (repeatable)" };
        var group = new Option<string?>("--group") { Description = "records: a column whose rows share a split (a customer, a conversation); default: every row alone" };
        var sql = new Option<string?>("--sql") { Description = "records: a query whose rows are the records (first column the id)" };
        var connection = new Option<string?>("--connection") { Description = "Where --sql runs: a SQLite file, or a PostgreSQL connection string or postgres:// URL" };
        var include = new Option<string[]>("--include") { Description = "Glob a file in a folder must match (repeatable)" };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to leave out (repeatable)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split (the same seed gives the same split)", DefaultValueFactory = _ => 1UL };
        var validation = new Option<double>("--val") { Description = "Share of the examples held out for validation (early stopping)", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Share of the examples held out for the test", DefaultValueFactory = _ => 0.2 };
        var minPerLabel = new Option<int>("--min-per-label") { Description = "A label with fewer examples is rare: too few to learn and to measure", DefaultValueFactory = _ => 10 };
        var rare = new Option<RareLabelPolicy>("--rare") { Description = "What to do with rare labels: refuse (stop and name them), drop (leave them out) or other (merge them into --other-label)", DefaultValueFactory = _ => RareLabelPolicy.Refuse };
        var other = new Option<string>("--other-label") { Description = "The label rare labels merge into with --rare other", DefaultValueFactory = _ => "other" };

        var command = new Command("data",
            "Make a task's examples from the organization's own data: one JSON line {\"input\", \"output\", \"source\", \"split\"} per example in " +
            "OUT/train.jsonl, val.jsonl and test.jsonl, and OUT/task.json (labels, templates, sources, seed, counts). Splits keep a source or mail " +
            "thread in one split, keep each label's share, and are seeded; exact duplicate inputs are dropped; labels with too few examples are refused.\n" +
            "With mail headers, what gives the label away is taken out of the input: the header, list footers, lines naming the list and list tags in the subject.\n\n" +
            "Example: wren task data records/tickets.csv --from records --input \"{subject}\\n\\n{body}\" --output \"{queue}\" --out tasks/tickets\n" +
            "Example: wren task data mail/ --from folders --map 'Junk*=spam' --out tasks/spam\n" +
            "Example: wren task data mail/ --from mail-headers --label-header List-Id --rare drop --out tasks/route\n" +
            "Example: wren task data mail/ --from mail-replies --kind generate --out tasks/replies\n" +
            "Example: wren task data tickets.csv --from records --kind extract --input \"{subject}\\n\\n{body}\" --fields queue,priority --out tasks/fields");
        command.Arguments.Add(sources);
        foreach (var o in new Option[] { from, kind, fields, schema, output, name, input, outputTemplate, labelHeader, labelRegex, map, group, sql, connection, include, exclude, seed, validation, test, minPerLabel, rare, other })
            command.Options.Add(o);

        CliAction.Set(command, console, async (parse, ct) =>
        {
            string builder = parse.GetValue(from)!;
            // Mail replies are text: --kind generate is implied there.
            string taskKind = builder == MailReplyPairs.BuilderKind && parse.GetResult(kind) is null or { Implicit: true } ? TaskDefinition.GenerateKind : parse.GetValue(kind)!;
            var fieldList = (parse.GetValue(fields) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (builder == "records" && parse.GetValue(input) is null) throw new WrenException("--from records needs --input, a template of the input such as \"{subject}\\n\\n{body}\"");
            if (builder == "records" && taskKind == TaskDefinition.ExtractKind && fieldList.Count == 0) throw new WrenException("--kind extract needs --fields, the columns of the output object, e.g. --fields queue,priority");
            if (builder == "records" && taskKind != TaskDefinition.ExtractKind && parse.GetValue(outputTemplate) is null) throw new WrenException("--from records needs --output, a template of the label such as \"{queue}\"");
            if (builder == "mail-headers" && parse.GetValue(labelHeader) is null) throw new WrenException("--from mail-headers needs --label-header, e.g. List-Id or X-Folder");
            string folder = parse.GetValue(output)!;
            var task = new TaskSection
            {
                Name = parse.GetValue(name) ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))),
                From = builder,
                Kind = taskKind,
                Fields = fieldList,
                Schema = parse.GetValue(schema),
                Input = parse.GetValue(input),
                Output = parse.GetValue(outputTemplate),
                LabelHeader = parse.GetValue(labelHeader),
                LabelRegex = parse.GetValue(labelRegex),
                Map = [.. parse.GetValue(map) ?? []],
                Group = parse.GetValue(group),
                Sql = parse.GetValue(sql),
                Connection = parse.GetValue(connection),
                Include = [.. parse.GetValue(include) ?? []],
                Exclude = [.. parse.GetValue(exclude) ?? []],
                Seed = parse.GetValue(seed),
                Val = parse.GetValue(validation),
                Test = parse.GetValue(test),
                MinPerLabel = parse.GetValue(minPerLabel),
                Rare = parse.GetValue(rare).ToString().ToLowerInvariant(),
                OtherLabel = parse.GetValue(other)!,
            };
            TaskBuildResult result;
            using (var progress = new SpectreProgressSink(console.Out))
            {
                result = await TaskDataBuild.RunAsync(task, parse.GetValue(sources) ?? [], folder, Environment.ProcessorCount, progress, ct).ConfigureAwait(false);
            }

            TaskDataSummary.Write(console.Out, result);
            return CliAction.Ok;
        });
        return command;
    }
}
