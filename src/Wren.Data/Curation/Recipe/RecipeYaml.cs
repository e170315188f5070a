using System.Globalization;
using System.Text;
using Wren.Runtime;
using static Wren.Data.Curation.Recipe.CommentedYaml;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// Reads and writes the YAML recipe (<c>curate.yaml</c>): snake_case keys, unknown keys are errors
/// that name the line, and <see cref="DefaultWithComments"/> writes every threshold with what it does.
/// </summary>
public static class RecipeYaml
{
    public static CurationRecipe Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new WrenException($"{path}: recipe file not found (write one with `wren curate --init`)");
        }
        return Parse(File.ReadAllText(path), path);
    }

    public static CurationRecipe Parse(string yaml, string where = "recipe") =>
        CommentedYaml.Parse<CurationRecipe>(yaml, where, SectionName);

    /// <summary>Where an unknown key was, as the user wrote the recipe: "the top level", "section 'pii'".</summary>
    public static string SectionName(string typeName)
    {
        string name = typeName[(typeName.LastIndexOf('.') + 1)..];
        return name switch
        {
            nameof(CurationRecipe) => "the recipe's top level",
            nameof(DocumentKindOptions) => "section 'kinds.document'",
            nameof(MailKindOptions) => "section 'kinds.mail'",
            nameof(RecordKindOptions) => "section 'kinds.record'",
            _ when name.EndsWith("Options", StringComparison.Ordinal) => $"section '{CommentedYaml.KeyOf(name[..^"Options".Length])}'",
            _ => name,
        };
    }

    /// <summary>The recipe as plain YAML (no comments); used to tell whether a resumed run has the same recipe.</summary>
    public static string Serialize(CurationRecipe recipe) => CommentedYaml.Serialize(recipe);

    /// <summary>The default recipe with a comment on every setting, as <c>wren curate --init</c> writes it.</summary>
    public static string DefaultWithComments()
    {
        var r = new CurationRecipe();
        var s = new StringBuilder();
        s.AppendLine("# Wren curation recipe. Steps run in this order; set `enabled: false` to skip one.");
        s.AppendLine("# Every dropped document is written to rejected/ with the step, rule, value, threshold and evidence.");
        s.AppendLine("# The rules decide as datatrove's main branch (a649de79, 2026-08-13) does; the README lists each deliberate difference.");
        s.AppendLine();
        s.AppendLine("kinds:  # organizational data is not web crawl: each document's kind comes from ingest's metadata.format,");
        s.AppendLine("        # and these thresholds replace the sections' own for it; a format no kind lists (or none) is web: every rule as published");
        Kind(s, "document", r.Kinds.Document, "long-form writing: reports, speeches, manuals, pages (lines are often visual lines, not paragraphs)");
        Kind(s, "mail", r.Kinds.Mail, "e-mail: short replies are worth keeping; greetings and sign-offs are short lines");
        Kind(s, "record", r.Kinds.Record, "records from tables and logs: tickets, notes, knowledge-base rows");
        s.AppendLine();
        s.AppendLine("normalize:  # cleans text, never judges it");
        Line(s, "enabled", r.Normalize.Enabled, "");
        Line(s, "nfc", r.Normalize.Nfc, "compose Unicode to NFC");
        Line(s, "fix_mojibake", r.Normalize.FixMojibake, "repair UTF-8 read as Windows-1252 (\"â€™\" -> \"’\")");
        Line(s, "remove_control_characters", r.Normalize.RemoveControlCharacters, "drop control chars other than tab/newline");
        Line(s, "normalize_whitespace", r.Normalize.NormalizeWhitespace, "LF line endings, no trailing spaces, <= 1 blank line in a row");
        s.AppendLine();
        s.AppendLine("gopher_repetition:  # Gopher (Rae et al. 2021) repetition rules, datatrove defaults (0 turns a line or paragraph rule off); before language ID, which costs more per document");
        Line(s, "enabled", r.GopherRepetition.Enabled, "");
        Line(s, "dup_line_frac", r.GopherRepetition.DupLineFrac, "max fraction of lines that repeat an earlier line");
        Line(s, "dup_para_frac", r.GopherRepetition.DupParaFrac, "max fraction of paragraphs that repeat an earlier one");
        Line(s, "dup_line_char_frac", r.GopherRepetition.DupLineCharFrac, "max share of characters in repeated lines");
        Line(s, "dup_para_char_frac", r.GopherRepetition.DupParaCharFrac, "max share of characters in repeated paragraphs");
        s.AppendLine("  top_n_grams:  # n: max share of characters covered by the most frequent n-gram");
        foreach (var (n, v) in r.GopherRepetition.TopNGrams)
        {
            s.Append("    ").Append(n).Append(": ").AppendLine(Format(v));
        }
        s.AppendLine("  dup_n_grams:  # n: max share of characters inside repeated n-grams");
        foreach (var (n, v) in r.GopherRepetition.DupNGrams)
        {
            s.Append("    ").Append(n).Append(": ").AppendLine(Format(v));
        }
        s.AppendLine();
        s.AppendLine("language:  # Lingua language ID; writes language and language_confidence to metadata.wren");
        Line(s, "enabled", r.Language.Enabled, "");
        List(s, "keep", r.Language.Keep, "ISO 639-1 codes to keep ([] keeps all, only labels)");
        List(s, "candidates", r.Language.Candidates, "languages the detector chooses among");
        Line(s, "min_confidence", r.Language.MinConfidence, "drop at or below this confidence (rule low_confidence)");
        Line(s, "max_chars", r.Language.MaxChars, "characters read from the start of each document");
        Line(s, "fast", r.Language.Fast, "Lingua low-accuracy mode: much faster, as accurate above ~120 characters");
        s.AppendLine();
        s.AppendLine("gopher_quality:  # Gopher quality rules, datatrove defaults (0 turns a rule off); kinds may lower the minimums");
        Line(s, "enabled", r.GopherQuality.Enabled, "");
        Line(s, "min_doc_words", r.GopherQuality.MinDocWords, "fewer words (tokens that are not all punctuation): gopher_short_doc");
        Line(s, "max_doc_words", r.GopherQuality.MaxDocWords, "more words: gopher_long_doc");
        Line(s, "min_avg_word_length", r.GopherQuality.MinAvgWordLength, "mean word length range");
        Line(s, "max_avg_word_length", r.GopherQuality.MaxAvgWordLength, "");
        Line(s, "max_symbol_word_ratio", r.GopherQuality.MaxSymbolWordRatio, "max '#' per token and max ellipses per token");
        Line(s, "max_bullet_lines_ratio", r.GopherQuality.MaxBulletLinesRatio, "max fraction of lines starting with '•' or '-'");
        Line(s, "max_ellipsis_lines_ratio", r.GopherQuality.MaxEllipsisLinesRatio, "max fraction of lines ending with an ellipsis");
        Line(s, "min_alpha_words_ratio", r.GopherQuality.MinAlphaWordsRatio, "min fraction of tokens (punctuation included) with a letter");
        Line(s, "min_stop_words", r.GopherQuality.MinStopWords, "min number of distinct stop words below");
        List(s, "stop_words", r.GopherQuality.StopWords, "");
        s.AppendLine();
        s.AppendLine("c4:  # C4 (Raffel et al. 2020) line and document rules, datatrove semantics; kinds may turn the line filters off");
        Line(s, "enabled", r.C4.Enabled, "");
        Line(s, "remove_citations", r.C4.RemoveCitations, "strip [1], [edit], [citation needed]");
        Line(s, "filter_no_terminal_punct", r.C4.FilterNoTerminalPunct, "drop lines not ending in . ? ! \" '");
        Line(s, "min_words_per_line", r.C4.MinWordsPerLine, "drop shorter lines (-1: off)");
        Line(s, "max_word_length", r.C4.MaxWordLength, "drop lines with a longer word (-1: off)");
        Line(s, "filter_javascript", r.C4.FilterJavascript, "drop lines mentioning javascript");
        Line(s, "filter_policy", r.C4.FilterPolicy, "drop cookie / terms-of-use / privacy-policy lines");
        Line(s, "filter_lorem_ipsum", r.C4.FilterLoremIpsum, "drop documents with \"lorem ipsum\"");
        Line(s, "filter_curly_bracket", r.C4.FilterCurlyBracket, "drop documents with '{' (datatrove: true; off because org data holds code)");
        Line(s, "min_num_sentences", r.C4.MinNumSentences, "drop documents with fewer sentences left (-1: off)");
        s.AppendLine();
        s.AppendLine("fineweb:  # FineWeb (Penedo et al. 2024) custom rules over the non-blank lines; kinds may turn the step off");
        Line(s, "enabled", r.Fineweb.Enabled, "");
        Line(s, "line_punct_thr", r.Fineweb.LinePunctThr, "drop if the fraction of lines ending in a terminal mark (. ! ? 。 ...) is below this");
        Line(s, "line_punct_exclude_zero", r.Fineweb.LinePunctExcludeZero, "spare documents with no punctuated line at all");
        Line(s, "short_line_thr", r.Fineweb.ShortLineThr, "drop if more than this fraction of lines is short");
        Line(s, "short_line_length", r.Fineweb.ShortLineLength, "a line this long or shorter is short");
        Line(s, "char_duplicates_ratio", r.Fineweb.CharDuplicatesRatio, "drop if repeated lines hold more than this share of characters (the paper's 0.1; datatrove's default 0.01)");
        Line(s, "new_line_ratio", r.Fineweb.NewLineRatio, "drop if newlines per word exceed this");
        s.AppendLine();
        s.AppendLine("quality_model:  # linear classifier from `wren quality train`");
        Line(s, "model", r.QualityModel.Model, "model file; empty: step off");
        Line(s, "min_score", r.QualityModel.MinScore, "drop below this probability of being good");
        s.AppendLine();
        s.AppendLine("pii:  # replace personal data and secrets by <EMAIL>, <PHONE>, ...");
        Line(s, "enabled", r.Pii.Enabled, "");
        List(s, "types", r.Pii.Types, "email, phone, ip_address, credit_card, iban, us_ssn, secret");
        List(s, "allow", r.Pii.Allow, "never redact these (\"@example.org\" allows a domain)");
        Line(s, "secret_min_entropy", r.Pii.SecretMinEntropy, "bits/char for a value after password=/token= to be a secret");
        s.AppendLine();
        s.AppendLine("decontamination:  # drop documents sharing n-grams with evaluation sets");
        Line(s, "enabled", r.Decontamination.Enabled, "runs only when eval_sets is not empty");
        List(s, "eval_sets", r.Decontamination.EvalSets, "JSONL files or folders; every string field is read");
        Line(s, "n_gram", r.Decontamination.NGram, "words per n-gram");
        Line(s, "min_overlaps", r.Decontamination.MinOverlaps, "drop at this many shared n-grams");
        s.AppendLine();
        s.AppendLine("dedup:  # exact and MinHash LSH near-duplicate removal across the corpus");
        Line(s, "exact", r.Dedup.Exact, "drop copies with identical normalized text");
        Line(s, "near", r.Dedup.Near, "drop near-duplicates");
        Line(s, "n_gram", r.Dedup.NGram, "words per shingle");
        Line(s, "bands", r.Dedup.Bands, "LSH bands (bands x rows hash permutations)");
        Line(s, "rows", r.Dedup.Rows, "rows per band");
        Line(s, "threshold", r.Dedup.Threshold, "candidate pairs are duplicates at this estimated Jaccard");
        Line(s, "keep", r.Dedup.Keep, "longest | newest | first: which cluster member survives");
        Line(s, "seed", r.Dedup.Seed, "seed of the hash permutations");
        s.AppendLine();
        s.AppendLine("boilerplate:  # lines and paragraphs shared by many documents (signatures, disclaimers, navigation), removed from each");
        Line(s, "enabled", r.Boilerplate.Enabled, "");
        Line(s, "min_documents", r.Boilerplate.MinDocuments, "a line or paragraph in this many documents is boilerplate");
        Line(s, "min_chars", r.Boilerplate.MinChars, "shorter lines and paragraphs are never removed");
        return s.ToString();
    }

    /// <summary>One kind of <c>kinds</c>, its keys indented under it.</summary>
    private static void Kind(StringBuilder s, string name, SourceKindOptions kind, string comment)
    {
        s.Append("  ").Append(name).Append(":  # ").AppendLine(comment);
        var keys = new StringBuilder();
        List(keys, "formats", kind.Formats, "ingest formats of this kind");
        Line(keys, "share_rules_min_words", kind.ShareRulesMinWords, "n-gram repetition, '#'/ellipsis ratios and bullet/ellipsis line shares judge only documents of this many words or more (0: all)");
        Line(keys, "ignore_quote_marker_lines", kind.IgnoreQuoteMarkerLines, "gopher_repetition: a line of only '>' quote markers is no line, as a blank one is not");
        Line(keys, "hash_runs_count_once", kind.HashRunsCountOnce, "gopher_quality's '#' ratio counts a run of 3+ '#' (a bar in a log) once");
        Line(keys, "min_doc_words", kind.MinDocWords, "gopher_quality's min_doc_words");
        Line(keys, "min_stop_words", kind.MinStopWords, "gopher_quality's min_stop_words");
        Line(keys, "min_alpha_words_ratio", kind.MinAlphaWordsRatio, "gopher_quality's min_alpha_words_ratio");
        Line(keys, "min_num_sentences", kind.MinNumSentences, "c4's min_num_sentences (-1: off)");
        Line(keys, "c4_line_filters", kind.C4LineFilters, "c4 removes lines (no terminal punctuation, too few words...); off: c4 judges only the whole document");
        Line(keys, "fineweb", kind.Fineweb, "fineweb's line-shape rules judge this kind");
        foreach (string line in keys.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            s.Append("  ").AppendLine(line.TrimEnd('\r'));
        }
    }

    private static string Format(double d) => d.ToString("0.0###", CultureInfo.InvariantCulture);
}
