using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Tasks;
using Wren.Data.Teacher;

namespace Wren.Cli.Commands;

/// <summary><c>wren examples</c>: task data for tasks that write (replies, answers) from mail, a teacher model, or both mixed with general text.</summary>
internal static class ExamplesCommand
{
    internal static Command Create(CliConsole console)
    {
        var command = new Command("examples",
            "Make examples for tasks whose output is text: mail replies, a teacher model's questions and answers, instructions, rephrasings or labels; " +
            "and turn a task folder into chat JSONL for fine-tuning, with general text replayed into it.\n\n" +
            "Example: wren examples replies --mail samples/acme/mail --out tasks/replies");
        command.Subcommands.Add(CreateReplies(console));
        command.Subcommands.Add(CreateTeacher(console));
        command.Subcommands.Add(CreateChat(console));
        return command;
    }

    private static Command CreateReplies(CliConsole console)
    {
        var mail = new Option<string[]>("--mail", "-m") { Description = "Mail files or folders: .eml, mbox, one raw message per file (maildir, the SpamAssassin corpus)", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out", "-o") { Description = "Task folder to write: task.json + train/val/test.jsonl", Required = true };
        var val = new Option<double>("--val") { Description = "Share of threads for validation", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Share of threads for the test", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split", DefaultValueFactory = _ => 1UL };
        var maxChars = new Option<int>("--max-chars") { Description = "Drop pairs whose message or reply is longer than this after cleaning", DefaultValueFactory = _ => 8000 };
        var command = new Command("replies",
            "A generate task from mail: each message that answers another message in the sources (In-Reply-To, References) gives one example, " +
            "the message answered as input and what the replier wrote as output, both without quoted text ('> ', 'On ... wrote:', Outlook's " +
            "'-----Original Message-----' and From:/Sent: blocks), signatures ('-- ') and mailing-list footers. A thread stays in one split.\n\n" +
            "Example: wren examples replies --mail support.mbox --out tasks/replies --test 0.2");
        foreach (var o in new Option[] { mail, output, val, test, seed, maxChars }) command.Options.Add(o);
        CliAction.Set(command, console, (parse, ct) =>
        {
            var result = MailReplyPairs.Write(new MailReplyOptions
            {
                Sources = parse.GetValue(mail)!,
                Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(parse.GetValue(output)!)),
                ValidationFraction = parse.GetValue(val),
                TestFraction = parse.GetValue(test),
                Seed = parse.GetValue(seed),
                MaxChars = parse.GetValue(maxChars),
            }, parse.GetValue(output)!, ct);
            ExamplesSummary.PrintReplies(console.Out, result, parse.GetValue(output)!);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    private static Command CreateTeacher(CliConsole console)
    {
        var kind = new Option<string>("--kind", "-k") { Description = "qa (questions answered by a chunk) | instruct (instructions and responses over a chunk, Bonito style) | rephrase (the chunk in clear prose) | label (a label per record)", DefaultValueFactory = _ => "qa" };
        var docs = new Option<string>("--docs", "-d") { Description = "Curated documents (wren curate's curated/ folder or a JSONL shard); for --kind label a JSONL of records with \"input\" or \"text\"", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Task folder to write: task.json + train/val/test.jsonl, each example with its document, chunk and score", Required = true };
        var url = new Option<string>("--teacher-url") { Description = "OpenAI-compatible API base, e.g. http://localhost:11434/v1 (Ollama), http://localhost:8080/v1 (llama.cpp, wren serve), https://api.openai.com/v1", Required = true };
        var model = new Option<string>("--teacher-model") { Description = "The teacher's model name at that endpoint", Required = true };
        var keyEnv = new Option<string>("--teacher-key-env") { Description = "Environment variable holding the API key (none needed for a local server)", DefaultValueFactory = _ => "OPENAI_API_KEY" };
        var judgeModel = new Option<string?>("--judge-model") { Description = "Another model at the same endpoint to score the examples (default: the teacher)" };
        var noJudge = new Option<bool>("--no-judge") { Description = "Keep every example the teacher writes, unscored" };
        var minScore = new Option<int>("--min-score") { Description = "Drop examples the judge scores below this (1-5)", DefaultValueFactory = _ => 4 };
        var perChunk = new Option<int>("--per-chunk") { Description = "Examples asked per chunk", DefaultValueFactory = _ => 3 };
        var chunkChars = new Option<int>("--chunk-chars") { Description = "Characters per chunk (whole paragraphs)", DefaultValueFactory = _ => 2000 };
        var maxChunks = new Option<int?>("--max-chunks") { Description = "Send at most this many chunks or records (bounds the spend)" };
        var labels = new Option<string?>("--labels") { Description = "Comma-separated label set, for --kind label" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once", DefaultValueFactory = _ => 4 };
        var rpm = new Option<double?>("--rpm") { Description = "Requests started per minute at most (the provider's rate limit)" };
        var retries = new Option<int>("--retries") { Description = "Retries on 408/429/5xx, waiting Retry-After or backing off exponentially", DefaultValueFactory = _ => 5 };
        var priceIn = new Option<double?>("--price-in") { Description = "US dollars per million input tokens, to count the spend in dollars" };
        var priceOut = new Option<double?>("--price-out") { Description = "US dollars per million output tokens" };
        var cache = new Option<string?>("--cache") { Description = "Folder of cached answers (default OUT.teacher-cache beside the task folder): a rerun resumes and costs nothing" };
        var val = new Option<double>("--val") { Description = "Share of documents for validation", DefaultValueFactory = _ => 0.1 };
        var test = new Option<double>("--test") { Description = "Share of documents for the test", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split", DefaultValueFactory = _ => 1UL };
        var command = new Command("teacher",
            "Examples written by a teacher model through any OpenAI-compatible endpoint, grounded in your curated documents: each chunk is sent with a prompt " +
            "asking for question-answer pairs, instructions and responses, or a rephrasing (or each record for a label); a judge scores every example 1-5 and " +
            "low scores are dropped; near-duplicates (MinHash) are removed, documents are split so none is in two splits, and training examples that share a " +
            "13-gram with the test split are dropped. Every example keeps its document id and chunk. Answers are cached by request, so a rerun costs nothing.\n\n" +
            "Example: wren examples teacher --docs out/curated --out tasks/qa --teacher-url http://localhost:11434/v1 --teacher-model qwen2.5:7b --max-chunks 200");
        foreach (var o in new Option[] { kind, docs, output, url, model, keyEnv, judgeModel, noJudge, minScore, perChunk, chunkChars, maxChunks, labels, concurrency, rpm, retries, priceIn, priceOut, cache, val, test, seed })
            command.Options.Add(o);
        CliAction.Set(command, console, async (parse, ct) =>
        {
            string outFolder = Path.GetFullPath(parse.GetValue(output)!);
            var taskKind = TeacherOptions.ParseKind(parse.GetValue(kind)!);
            var teacherOptions = new TeacherOptions
            {
                Endpoint = TeacherOptions.ParseEndpoint(parse.GetValue(url)!),
                Model = parse.GetValue(model)!,
                ApiKeyVariable = parse.GetValue(keyEnv)!,
                Concurrency = parse.GetValue(concurrency),
                RequestsPerMinute = parse.GetValue(rpm),
                MaxRetries = parse.GetValue(retries),
                CacheFolder = parse.GetValue(cache) ?? outFolder + ".teacher-cache",
                InputDollarsPerMillion = parse.GetValue(priceIn),
                OutputDollarsPerMillion = parse.GetValue(priceOut),
            };
            using var teacher = new TeacherClient(teacherOptions);
            using var judge = parse.GetValue(judgeModel) is { } j ? new TeacherClient(teacherOptions with { Model = j, Temperature = 0 }) : null;
            var result = await SpectreProgressSink.ShowAsync(console.Out, progress => TeacherDataBuilder.BuildAsync(new TeacherDataOptions
            {
                Kind = taskKind,
                Source = parse.GetValue(docs)!,
                Name = Path.GetFileName(outFolder),
                Labels = parse.GetValue(labels)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                PerChunk = parse.GetValue(perChunk),
                ChunkChars = parse.GetValue(chunkChars),
                MaxChunks = parse.GetValue(maxChunks),
                Judge = !parse.GetValue(noJudge),
                MinScore = parse.GetValue(minScore),
                Seed = parse.GetValue(seed),
                ValidationFraction = parse.GetValue(val),
                TestFraction = parse.GetValue(test),
            }, teacher, judge, progress, ct)).ConfigureAwait(false);

            TeacherDataBuilder.Write(result, outFolder);
            ExamplesSummary.PrintTeacher(console.Out, result, judge?.Spend, outFolder);
            return CliAction.Ok;
        });
        return command;
    }

    private static Command CreateChat(CliConsole console)
    {
        var task = new Option<string>("--task", "-t") { Description = "A task folder (task.json + train/val/test.jsonl)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for train.jsonl and val.jsonl in chat format ({\"messages\": [...]})", Required = true };
        var system = new Option<string?>("--system") { Description = "A system prompt put first in every conversation" };
        var replay = new Option<string?>("--replay") { Description = "General text to replay against forgetting: curated documents (a folder of shards or a JSONL)" };
        var fraction = new Option<double>("--replay-fraction") { Description = "Share of the training mix that is replayed general text", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the replay draw and the shuffle", DefaultValueFactory = _ => 1UL };
        var command = new Command("chat",
            "Turn a task folder into chat JSONL for wren finetune or wren handoff finetune: the input is the user's turn, the output the assistant's. " +
            "With --replay, a share of general text (chunks whose opening is the user's turn and whose rest is the assistant's) is mixed into training, against forgetting.\n\n" +
            "Example: wren examples chat --task tasks/replies --out tasks/replies-chat --replay out/curated --replay-fraction 0.1");
        foreach (var o in new Option[] { task, output, system, replay, fraction, seed }) command.Options.Add(o);
        CliAction.Set(command, console, (parse, ct) =>
        {
            var files = TaskChatJsonl.WriteFolder(TaskFolder.Load(parse.GetValue(task)!), parse.GetValue(output)!, parse.GetValue(system),
                parse.GetValue(replay), parse.GetValue(fraction), parse.GetValue(seed));
            ExamplesSummary.PrintChat(console.Out, files, parse.GetValue(output)!);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
