using System.CommandLine;
using Wren.Cli.Terminal;
using Wren.Pipeline.Tokenization;
using Wren.Runtime.Tokenization;
using Wren.Training.Data;

namespace Wren.Cli.Commands;

/// <summary><c>wren tokenize</c>: curated documents to llm.c token shards.</summary>
internal static class TokenizeCommand
{
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
            var options = new CorpusTokenizeOptions
            {
                OutputDirectory = parse.GetValue(output)!,
                ValidationFraction = parse.GetValue(valFraction),
                MaxTokensPerShard = parse.GetValue(shardTokens),
                DocumentSeparator = parse.GetValue(separator)!,
            };
            var result = SpectreProgressSink.Show(console.Out, sink => CorpusTokenizing.Run(parse.GetValue(curated)!, BpeTokenizer.Load(parse.GetValue(tokenizerPath)!), options, sink, ct));
            TokenizerView.Tokenized(console.Out, result, options.OutputDirectory);
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
