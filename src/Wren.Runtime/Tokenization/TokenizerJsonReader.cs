using System.Text;
using System.Text.Json;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> with a BPE model: normalizer, pre-tokenizer,
/// post-processor, decoder and added tokens. Anything it cannot reproduce exactly is refused with
/// a message naming the field, rather than encoded differently from the reference.
/// </summary>
internal static class TokenizerJsonReader
{
    public static BpeTokenizer Read(ReadOnlySpan<byte> utf8Json, string where)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new WrenException($"{where}: not valid JSON ({e.Message})");
        }
        using (doc)
        {
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("model", out JsonElement model) || model.ValueKind != JsonValueKind.Object)
            {
                throw new WrenException($"{where}: no \"model\" object; is this a tokenizer.json?");
            }
            string type = model.TryGetProperty("type", out JsonElement t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "BPE";
            if (type != "BPE")
            {
                throw new WrenException($"{where}: model.type is \"{type}\"; only BPE tokenizers are supported");
            }
            foreach (string unsupported in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            {
                if (model.TryGetProperty(unsupported, out JsonElement v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                {
                    throw new WrenException($"{where}: model.{unsupported} is not supported");
                }
            }
            var vocab = ReadVocab(model, where);
            var merges = ReadMerges(model, where);
            var options = new BpeModelOptions
            {
                UnkToken = model.TryGetProperty("unk_token", out JsonElement unk) && unk.ValueKind == JsonValueKind.String ? unk.GetString() : null,
                FuseUnk = Bool(model, "fuse_unk", false),
                ByteFallback = Bool(model, "byte_fallback", false),
                IgnoreMerges = Bool(model, "ignore_merges", false),
            };
            var bpe = new BpeModel(vocab, merges, options);
            var added = ReadAddedTokens(root, where);
            Normalizer? normalizer = root.TryGetProperty("normalizer", out JsonElement n) ? ReadNormalizer(n, where) : null;
            bool byteLevel = false;
            PreTokenizer? pre = root.TryGetProperty("pre_tokenizer", out JsonElement p) ? ReadPreTokenizer(p, where, ref byteLevel) : null;
            PostProcessorSpec post = root.TryGetProperty("post_processor", out JsonElement pp) ? ReadPostProcessor(pp, where, vocab, added) : PostProcessorSpec.None;
            DecoderSpec decoder = root.TryGetProperty("decoder", out JsonElement d) ? ReadDecoder(d, where) : new DecoderSpec { JoinWithSpaces = true };
            return new BpeTokenizer(bpe, added, normalizer, pre, byteLevel, post, decoder);
        }
    }

    private static bool Bool(JsonElement e, string name, bool fallback) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static Dictionary<string, int> ReadVocab(JsonElement model, string where)
    {
        if (!model.TryGetProperty("vocab", out JsonElement v) || v.ValueKind != JsonValueKind.Object)
        {
            throw new WrenException($"{where}: model.vocab must be an object of token -> id");
        }
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (JsonProperty entry in v.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out int id) || id < 0)
            {
                throw new WrenException($"{where}: model.vocab[\"{entry.Name}\"] is not a non-negative integer id");
            }
            vocab[entry.Name] = id;
        }
        return vocab;
    }

    /// <summary>Merges as "a b" strings (tokenizers before 0.20) or ["a", "b"] pairs (after).</summary>
    private static List<(string, string)> ReadMerges(JsonElement model, string where)
    {
        var merges = new List<(string, string)>();
        if (!model.TryGetProperty("merges", out JsonElement m) || m.ValueKind == JsonValueKind.Null)
        {
            return merges;
        }
        int index = 0;
        foreach (JsonElement merge in m.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String)
            {
                string s = merge.GetString()!;
                int space = s.IndexOf(' ', 1);
                if (space < 0 || s.IndexOf(' ', space + 1) >= 0)
                {
                    throw new WrenException($"{where}: model.merges[{index}] \"{s}\" is not two tokens separated by one space");
                }
                merges.Add((s[..space], s[(space + 1)..]));
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                merges.Add((merge[0].GetString()!, merge[1].GetString()!));
            }
            else
            {
                throw new WrenException($"{where}: model.merges[{index}] is neither \"a b\" nor [\"a\", \"b\"]");
            }
            index++;
        }
        return merges;
    }

    private static List<AddedToken> ReadAddedTokens(JsonElement root, string where)
    {
        var added = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out JsonElement a) || a.ValueKind != JsonValueKind.Array)
        {
            return added;
        }
        foreach (JsonElement e in a.EnumerateArray())
        {
            string? content = Str(e, "content");
            if (content is null || !e.TryGetProperty("id", out JsonElement id) || !id.TryGetInt32(out int tokenId))
            {
                throw new WrenException($"{where}: added_tokens entry without \"id\" and \"content\"");
            }
            added.Add(new AddedToken
            {
                Id = tokenId,
                Content = content,
                Special = Bool(e, "special", false),
                SingleWord = Bool(e, "single_word", false),
                LStrip = Bool(e, "lstrip", false),
                RStrip = Bool(e, "rstrip", false),
                Normalized = Bool(e, "normalized", false),
            });
        }
        return added;
    }

    private static Normalizer? ReadNormalizer(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        string type = Str(e, "type") ?? "";
        switch (type)
        {
            case "NFC": return new Normalizer.UnicodeForm(NormalizationForm.FormC);
            case "NFD": return new Normalizer.UnicodeForm(NormalizationForm.FormD);
            case "NFKC": return new Normalizer.UnicodeForm(NormalizationForm.FormKC);
            case "NFKD": return new Normalizer.UnicodeForm(NormalizationForm.FormKD);
            case "Lowercase": return new Normalizer.Lowercase();
            case "Prepend": return new Normalizer.Prepend(Str(e, "prepend") ?? "");
            case "Strip": return new Normalizer.Strip(Bool(e, "strip_left", true), Bool(e, "strip_right", true));
            case "Replace":
            {
                var (literal, regex) = ReadPattern(e, where, "normalizer");
                return new Normalizer.Replace(literal, regex is null ? null : SplitPattern.CreateRegex(regex), Str(e, "content") ?? "");
            }
            case "Sequence":
            {
                var steps = new List<Normalizer>();
                foreach (JsonElement s in e.GetProperty("normalizers").EnumerateArray())
                {
                    Normalizer? step = ReadNormalizer(s, where);
                    if (step is not null)
                    {
                        steps.Add(step);
                    }
                }
                return new Normalizer.Sequence(steps);
            }
            default:
                throw new WrenException($"{where}: normalizer type \"{type}\" is not supported");
        }
    }

    private static (string? Literal, string? Regex) ReadPattern(JsonElement e, string where, string what)
    {
        if (e.TryGetProperty("pattern", out JsonElement p) && p.ValueKind == JsonValueKind.Object)
        {
            if (p.TryGetProperty("String", out JsonElement s))
            {
                return (s.GetString(), null);
            }
            if (p.TryGetProperty("Regex", out JsonElement r))
            {
                return (null, r.GetString());
            }
        }
        throw new WrenException($"{where}: {what} pattern must be {{\"String\": ...}} or {{\"Regex\": ...}}");
    }

    private static PreTokenizer? ReadPreTokenizer(JsonElement e, string where, ref bool byteLevel)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        string type = Str(e, "type") ?? "";
        switch (type)
        {
            case "ByteLevel":
                byteLevel = true;
                return new ByteLevelPreTokenizer { AddPrefixSpace = Bool(e, "add_prefix_space", true), UseRegex = Bool(e, "use_regex", true) };
            case "Split":
            {
                var (literal, regex) = ReadPattern(e, where, "pre_tokenizer Split");
                SplitPattern pattern = regex is not null ? SplitPattern.ForRegex(regex) : SplitPattern.ForLiteral(literal ?? "");
                return new SplitPreTokenizer(pattern, ReadBehavior(Str(e, "behavior"), where), Bool(e, "invert", false));
            }
            case "Metaspace":
            {
                string replacement = Str(e, "replacement") ?? "▁";
                string scheme = Str(e, "prepend_scheme") ?? (Bool(e, "add_prefix_space", true) ? "always" : "never");
                return new MetaspacePreTokenizer { Replacement = replacement[0], PrependScheme = scheme, SplitOnReplacement = Bool(e, "split", true) };
            }
            case "Digits":
                return new DigitsPreTokenizer { IndividualDigits = Bool(e, "individual_digits", false) };
            case "Whitespace":
                return new SplitPreTokenizer(SplitPattern.ForRegex(@"\w+|[^\w\s]+"), SplitBehavior.Removed, invert: true);
            case "WhitespaceSplit":
                return new SplitPreTokenizer(SplitPattern.ForRegex(@"\s+"), SplitBehavior.Removed, invert: false);
            case "Sequence":
            {
                var steps = new List<PreTokenizer>();
                foreach (JsonElement s in e.GetProperty("pretokenizers").EnumerateArray())
                {
                    PreTokenizer? step = ReadPreTokenizer(s, where, ref byteLevel);
                    if (step is SequencePreTokenizer nested)
                    {
                        steps.AddRange(nested.Steps);
                    }
                    else if (step is not null)
                    {
                        steps.Add(step);
                    }
                }
                return new SequencePreTokenizer(steps);
            }
            default:
                throw new WrenException($"{where}: pre_tokenizer type \"{type}\" is not supported");
        }
    }

    private static SplitBehavior ReadBehavior(string? behavior, string where) => behavior switch
    {
        "Removed" => SplitBehavior.Removed,
        "Isolated" => SplitBehavior.Isolated,
        "MergedWithPrevious" => SplitBehavior.MergedWithPrevious,
        "MergedWithNext" => SplitBehavior.MergedWithNext,
        "Contiguous" => SplitBehavior.Contiguous,
        _ => throw new WrenException($"{where}: Split behavior \"{behavior}\" is not one of Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous"),
    };

    private static PostProcessorSpec ReadPostProcessor(JsonElement e, string where, Dictionary<string, int> vocab, List<AddedToken> added)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return PostProcessorSpec.None;
        }
        string type = Str(e, "type") ?? "";
        switch (type)
        {
            case "ByteLevel":
                return PostProcessorSpec.None; // only trims offsets
            case "TemplateProcessing":
            {
                var special = new Dictionary<string, int[]>();
                if (e.TryGetProperty("special_tokens", out JsonElement st) && st.ValueKind == JsonValueKind.Object)
                {
                    foreach (JsonProperty s in st.EnumerateObject())
                    {
                        special[s.Name] = s.Value.GetProperty("ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
                    }
                }
                var prefix = new List<int>();
                var suffix = new List<int>();
                bool seenSequence = false;
                foreach (JsonElement item in e.GetProperty("single").EnumerateArray())
                {
                    if (item.TryGetProperty("Sequence", out _))
                    {
                        seenSequence = true;
                    }
                    else if (item.TryGetProperty("SpecialToken", out JsonElement tok))
                    {
                        string id = tok.GetProperty("id").GetString()!;
                        if (!special.TryGetValue(id, out int[]? ids))
                        {
                            throw new WrenException($"{where}: post_processor template uses \"{id}\", which special_tokens does not define");
                        }
                        (seenSequence ? suffix : prefix).AddRange(ids);
                    }
                }
                return new PostProcessorSpec { Prefix = prefix.ToArray(), Suffix = suffix.ToArray() };
            }
            case "BertProcessing":
            case "RobertaProcessing":
            {
                int cls = e.GetProperty("cls")[1].GetInt32();
                int sep = e.GetProperty("sep")[1].GetInt32();
                return new PostProcessorSpec { Prefix = [cls], Suffix = [sep] };
            }
            case "Sequence":
            {
                var prefix = new List<int>();
                var suffix = new List<int>();
                foreach (JsonElement s in e.GetProperty("processors").EnumerateArray())
                {
                    PostProcessorSpec step = ReadPostProcessor(s, where, vocab, added);
                    prefix.AddRange(step.Prefix);
                    suffix.InsertRange(0, step.Suffix);
                }
                return new PostProcessorSpec { Prefix = prefix.ToArray(), Suffix = suffix.ToArray() };
            }
            default:
                throw new WrenException($"{where}: post_processor type \"{type}\" is not supported");
        }
    }

    private static DecoderSpec ReadDecoder(JsonElement e, string where)
    {
        if (e.ValueKind == JsonValueKind.Null)
        {
            return new DecoderSpec { JoinWithSpaces = true };
        }
        var spec = new DecoderSpec();
        var replacements = new List<(string, string)>();
        Apply(e);
        return spec with { Replacements = replacements };

        void Apply(JsonElement d)
        {
            string type = Str(d, "type") ?? "";
            switch (type)
            {
                case "ByteLevel":
                    spec = spec with { ByteLevel = true };
                    break;
                case "Metaspace":
                {
                    string replacement = Str(d, "replacement") ?? "▁";
                    string scheme = Str(d, "prepend_scheme") ?? (Bool(d, "add_prefix_space", true) ? "always" : "never");
                    replacements.Add((replacement, " "));
                    if (scheme != "never")
                    {
                        spec = spec with { StripLeadingSpaces = 1 };
                    }
                    break;
                }
                case "Replace":
                {
                    var (literal, regex) = ReadPattern(d, where, "decoder Replace");
                    if (literal is null)
                    {
                        throw new WrenException($"{where}: decoder Replace with a regex pattern ({regex}) is not supported");
                    }
                    replacements.Add((literal, Str(d, "content") ?? ""));
                    break;
                }
                case "ByteFallback":
                    spec = spec with { ByteFallback = true };
                    break;
                case "Fuse":
                    break; // decoding always concatenates
                case "Strip":
                {
                    string content = Str(d, "content") ?? " ";
                    int start = d.TryGetProperty("start", out JsonElement s) ? s.GetInt32() : 0;
                    int stop = d.TryGetProperty("stop", out JsonElement st) ? st.GetInt32() : 0;
                    if (content != " " || stop != 0)
                    {
                        throw new WrenException($"{where}: decoder Strip other than leading spaces is not supported");
                    }
                    spec = spec with { StripLeadingSpaces = start };
                    break;
                }
                case "Sequence":
                    foreach (JsonElement s in d.GetProperty("decoders").EnumerateArray())
                    {
                        Apply(s);
                    }
                    break;
                default:
                    throw new WrenException($"{where}: decoder type \"{type}\" is not supported");
            }
        }
    }
}
