using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Data.Documents;
using Wren.Runtime.Tokenization;
using Wren.Training.Data;

namespace Wren.Cli.Commands;

/// <summary><c>wren tokenize</c>: curated documents to llm.c token shards.</summary>
internal static class TokenizeCommand
{
    /// <summary>The validation documents as JSONL {"id", "text"}, beside the shards.</summary>
    public const string HeldOutFile = "heldout.jsonl";

    internal static Command Create(CliConsole console)
    {
        var curated = new Argument<string[]>("CURATED") { Description = "Curated *.jsonl[.zst|.gz] shards or folders of them (or .txt files, one document each)", Arity = ArgumentArity.OneOrMore };
        var tokenizerPath = new Option<string>("--tokenizer", "-t") { Description = "tokenizer.json or the folder holding it", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Folder for train_NNN.bin, val_NNN.bin and heldout.jsonl (the validation documents as text: what wren eval should score)", Required = true };
        var valFraction = new Option<double>("--val-fraction") { Description = "Share of documents held out for validation (chosen by document id, stable across runs)", DefaultValueFactory = _ => 0.01 };
        var shardTokens = new Option<long>("--shard-tokens") { Description = "Tokens per shard before a new one starts", DefaultValueFactory = _ => 100_000_000 };
        var separator = new Option<string>("--separator") { Description = "Token put before every document", DefaultValueFactory = _ => "<|endoftext|>" };
        var command = new Command("tokenize",
            "Encode curated documents into token shards in llm.c's format (1 KiB header: magic 20240520, version, count; then uint16 tokens, or uint32 for vocabularies over 65,536), each document preceded by <|endoftext|>.\n" +
            "Example: wren tokenize curated/ --tokenizer model/ --out model/tokens --val-fraction 0.01");
        command.Arguments.Add(curated);
        foreach (Option o in new Option[] { tokenizerPath, output, valFraction, shardTokens, separator })
        {
            command.Options.Add(o);
        }
        CliAction.Set(command, console, (parse, ct) =>
        {
            var corpus = new CorpusTexts(parse.GetValue(curated)!);
            var tokenizer = BpeTokenizer.Load(parse.GetValue(tokenizerPath)!);
            var options = new CorpusTokenizeOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                ValidationFraction = parse.GetValue(valFraction),
                MaxTokensPerShard = parse.GetValue(shardTokens),
                DocumentSeparator = parse.GetValue(separator)!,
            };
            var clock = Stopwatch.StartNew();
            CorpusTokenizeResult result;
            using (var sink = new SpectreProgressSink(console.Out))
            using (var task = sink.Begin("tokenize", null, "docs"))
            {
                result = CorpusTokenizer.Run(corpus.Documents(), tokenizer, options, task, ct);
            }
            double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
            // The validation documents as text too: what wren eval scores, so it never scores what was trained on.
            string heldOutPath = Path.Combine(options.OutputDirectory, HeldOutFile);
            Wren.Pipeline.Build.HeldOutDocuments.WriteJsonl(corpus.Documents().Where(d => CorpusTokenizer.IsValidation(d.Id, options.ValidationFraction)).ToList(), heldOutPath);
            var table = new Table().AddColumns("split", "documents", "tokens", "files");
            table.AddRow("train", result.TrainDocuments.ToString("N0"), result.TrainTokens.ToString("N0"), result.Files.Count(f => Path.GetFileName(f).StartsWith("train_", StringComparison.Ordinal)).ToString());
            table.AddRow("val", result.ValidationDocuments.ToString("N0"), result.ValidationTokens.ToString("N0"), result.Files.Count(f => Path.GetFileName(f).StartsWith("val_", StringComparison.Ordinal)).ToString());
            console.Out.Write(table);
            console.Out.MarkupLine($"{result.Characters / seconds / 1e6:F1} M chars/s, {(result.TrainTokens + result.ValidationTokens) / seconds / 1e6:F2} M tokens/s, {seconds:F1} s; shards in {Markup.Escape(options.OutputDirectory)}, validation documents in {Markup.Escape(heldOutPath)} (for wren eval)");
            if (corpus.Skipped > 0)
            {
                console.Out.MarkupLine($"[yellow]skipped {corpus.Skipped:N0} malformed records[/] (first: {Markup.Escape(corpus.FirstProblem ?? "")})");
            }
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
