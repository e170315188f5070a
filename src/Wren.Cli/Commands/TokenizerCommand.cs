using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Wren.Cli.Terminal;
using Wren.Pipeline.Tokenization;
using Wren.Runtime;
using Wren.Runtime.Tokenization;
using Wren.Training.Tokenization;

namespace Wren.Cli.Commands;

/// <summary><c>wren tokenizer train|encode|decode</c>: make a tokenizer, and use any Hugging Face one.</summary>
internal static class TokenizerCommand
{
    internal static Command Create(CliConsole console)
    {
        var command = new Command("tokenizer",
            "Train a byte-level BPE tokenizer on a corpus, or encode and decode text with any Hugging Face tokenizer.json (BPE).\n" +
            "Example: wren tokenizer train curated/ --vocab 8192 --out model/");
        command.Subcommands.Add(Train(console));
        command.Subcommands.Add(Encode(console));
        command.Subcommands.Add(Decode(console));
        return command;
    }

    private static Command Train(CliConsole console)
    {
        var corpus = new Argument<string[]>("CORPUS") { Description = "Curated *.jsonl[.zst|.gz] shards or folders of them, or .txt files (read line by line)", Arity = ArgumentArity.OneOrMore };
        var vocab = new Option<int>("--vocab", "-v") { Description = "Vocabulary size, special tokens and the 256 byte symbols included", DefaultValueFactory = _ => 8192 };
        var output = new Option<string>("--out", "-o") { Description = "Folder for tokenizer.json, tokenizer_config.json, vocab.json and merges.txt", Required = true };
        var regex = new Option<string>("--regex") { Description = "Pre-tokenizer split: gpt2 (GPT-2) or llama3 (Llama-3/cl100k: digits in threes, case-insensitive contractions)", DefaultValueFactory = _ => "gpt2" };
        regex.AcceptOnlyFromAmong("gpt2", "llama3");
        var minFrequency = new Option<long>("--min-frequency") { Description = "Never merge a pair seen fewer times than this", DefaultValueFactory = _ => 2 };
        var special = new Option<string[]>("--special") { Description = "Extra special tokens (after <|endoftext|>, <|im_start|>, <|im_end|>)", AllowMultipleArgumentsPerToken = true };
        var maxLength = new Option<int>("--model-max-length") { Description = "model_max_length written to tokenizer_config.json", DefaultValueFactory = _ => 2048 };
        var command = new Command("train",
            "Train a byte-level BPE tokenizer (Hugging Face's algorithm: same corpus, same merges) and write it in the Hugging Face format.\n" +
            "Only word counts are kept in memory, so corpora larger than RAM are fine.\n" +
            "Example: wren tokenizer train curated/ --vocab 8192 --regex llama3 --out model/");
        command.Arguments.Add(corpus);
        foreach (Option o in new Option[] { vocab, output, regex, minFrequency, special, maxLength })
        {
            command.Options.Add(o);
        }
        CliAction.Set(command, console, (parse, ct) =>
        {
            var options = new TokenizerTrainingOptions
            {
                Corpus = parse.GetValue(corpus)!,
                OutputDirectory = parse.GetValue(output)!,
                VocabSize = parse.GetValue(vocab),
                MinFrequency = parse.GetValue(minFrequency),
                ExtraSpecialTokens = parse.GetValue(special) ?? [],
                Regex = parse.GetValue(regex) == "llama3" ? PreTokenizerRegex.Llama3 : PreTokenizerRegex.Gpt2,
                ModelMaxLength = parse.GetValue(maxLength),
            };
            var result = SpectreProgressSink.Show(console.Out, sink => TokenizerTraining.Run(options, sink, ct));
            console.Out.Write(TokenizerView.SummaryTable(result, options));
            if (result.Trained.Tokens.Count < options.VocabSize)
            {
                console.Out.MarkupLine($"[yellow]note:[/] the corpus ran out of pairs seen {options.MinFrequency}+ times at {result.Trained.Tokens.Count:N0} tokens (asked {options.VocabSize:N0})");
            }
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    private static Option<string> TokenizerOption() =>
        new("--tokenizer", "-t") { Description = "tokenizer.json, or a folder holding one (a model folder)", Required = true };

    private static Command Encode(CliConsole console)
    {
        var tokenizerPath = TokenizerOption();
        var text = new Argument<string?>("TEXT") { Description = "Text to encode (or use --file)", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string?>("--file", "-f") { Description = "Encode this file's whole content" };
        var noSpecial = new Option<bool>("--no-special-tokens") { Description = "Do not add the post-processor's special tokens (e.g. <s>)" };
        var command = new Command("encode",
            "Print the token ids of a text as a JSON array: the same ids Hugging Face tokenizers gives.\n" +
            "Example: wren tokenizer encode --tokenizer model/ \"Hello, world!\"");
        command.Options.Add(tokenizerPath);
        command.Arguments.Add(text);
        command.Options.Add(file);
        command.Options.Add(noSpecial);
        CliAction.Set(command, console, (parse, ct) =>
        {
            string? f = parse.GetValue(file);
            string? t = parse.GetValue(text);
            if ((f is null) == (t is null))
            {
                throw new WrenException("give either TEXT or --file FILE");
            }
            string input = f is not null ? File.ReadAllText(f) : t!;
            var tokenizer = BpeTokenizer.Load(parse.GetValue(tokenizerPath)!);
            int[] ids = tokenizer.Encode(input, addSpecialTokens: !parse.GetValue(noSpecial));
            console.WriteLine(JsonSerializer.Serialize(ids));
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }

    private static Command Decode(CliConsole console)
    {
        var tokenizerPath = TokenizerOption();
        var ids = new Argument<string>("IDS") { Description = "Token ids as a JSON array, e.g. \"[15496, 11, 995]\"" };
        var skip = new Option<bool>("--skip-special-tokens") { Description = "Leave special tokens out of the text" };
        var command = new Command("decode",
            "Print the text of a JSON array of token ids.\n" +
            "Example: wren tokenizer decode --tokenizer model/ \"[15496, 11, 995]\"");
        command.Options.Add(tokenizerPath);
        command.Arguments.Add(ids);
        command.Options.Add(skip);
        CliAction.Set(command, console, (parse, ct) =>
        {
            int[]? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<int[]>(parse.GetValue(ids)!);
            }
            catch (JsonException e)
            {
                throw new WrenException($"IDS must be a JSON array of integers ({e.Message})");
            }
            var tokenizer = BpeTokenizer.Load(parse.GetValue(tokenizerPath)!);
            console.WriteLine(tokenizer.Decode(parsed ?? [], parse.GetValue(skip)));
            return Task.FromResult(CliAction.Ok);
        });
        return command;
    }
}
