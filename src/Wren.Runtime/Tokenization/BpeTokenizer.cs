using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Wren.Runtime.Tokenization;

/// <summary>
/// A Hugging Face BPE tokenizer loaded from <c>tokenizer.json</c>: byte-level (GPT-2, Llama-3,
/// Qwen2, SmolLM) or SentencePiece-style (Llama-2, TinyLlama, Mistral). Encodes to the same ids as
/// the <c>tokenizers</c> library. Thread-safe; steady-state encoding allocates nothing (a bounded
/// word cache holds the ids of pre-tokens seen before).
/// </summary>
public sealed class BpeTokenizer
{
    private const int MaxCachedWordLength = 64;
    private const int CacheCapacity = 1 << 17;

    private readonly BpeModel _model;
    private readonly Normalizer? _normalizer;
    private readonly PreTokenizer? _preTokenizer;
    private readonly bool _byteLevel;
    private readonly ScannerKind _fastScanner;
    private readonly AddedTokenMatcher _matcher;
    private readonly PostProcessorSpec _post;
    private readonly DecoderSpec _decoder;
    private readonly byte[][] _tokenBytes;
    private readonly bool[] _isSpecial;
    private readonly string?[] _idToToken;
    private readonly Dictionary<string, int> _tokenToId;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _cacheLookup;
    private int _cacheCount;

    [ThreadStatic]
    private static Scratch? t_scratch;

    internal BpeTokenizer(BpeModel model, IReadOnlyList<AddedToken> added, Normalizer? normalizer, PreTokenizer? preTokenizer,
        bool byteLevel, PostProcessorSpec post, DecoderSpec decoder)
    {
        _model = model;
        AddedTokens = added;
        _normalizer = normalizer;
        _preTokenizer = preTokenizer;
        _byteLevel = byteLevel;
        _post = post;
        _decoder = decoder;
        _matcher = new AddedTokenMatcher(added);
        _cacheLookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        _fastScanner = normalizer is null ? FastScannerOf(preTokenizer) : ScannerKind.None;

        int size = model.Tokens.Length;
        foreach (AddedToken t in added)
        {
            size = Math.Max(size, t.Id + 1);
        }
        VocabularySize = size;
        _idToToken = new string?[size];
        model.Tokens.CopyTo(_idToToken, 0);
        _tokenToId = new Dictionary<string, int>(model.Vocab, StringComparer.Ordinal);
        _isSpecial = new bool[size];
        foreach (AddedToken t in added)
        {
            _idToToken[t.Id] = t.Content;
            _tokenToId[t.Content] = t.Id;
            _isSpecial[t.Id] = t.Special;
        }
        _tokenBytes = new byte[size][];
        for (int id = 0; id < size; id++)
        {
            _tokenBytes[id] = DecodeTokenBytes(_idToToken[id]);
        }
    }

    /// <summary>The BPE model (vocabulary, merges), for the exporter that writes them into GGUF.</summary>
    internal BpeModel Model => _model;

    /// <summary>The pre-tokenizer as tokenizer.json describes it, for the exporter that names it for llama.cpp.</summary>
    internal PreTokenizer? PreTokenizer => _preTokenizer;

    /// <summary>The normalizer as tokenizer.json describes it, for the exporter that tells llama.cpp whether a space is prefixed.</summary>
    internal Normalizer? Normalizer => _normalizer;

    /// <summary>Whether tokens are spelled in GPT-2's byte-level alphabet (rather than text with byte fallback).</summary>
    internal bool IsByteLevel => _byteLevel;

    /// <summary>The special tokens the post-processor puts around a sequence.</summary>
    internal PostProcessorSpec PostProcessor => _post;

    /// <summary>One past the largest id (model vocabulary and added tokens).</summary>
    public int VocabularySize { get; }

    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Loads <c>tokenizer.json</c>, or the one inside a model folder.</summary>
    public static BpeTokenizer Load(string path)
    {
        string file = Directory.Exists(path) ? Path.Combine(path, "tokenizer.json") : path;
        if (!File.Exists(file))
        {
            throw new WrenException($"{file}: no such tokenizer.json");
        }
        return TokenizerJsonReader.Read(File.ReadAllBytes(file), file);
    }

    /// <summary>
    /// The tokenizer stored in a llama.cpp GGUF file's <c>tokenizer.ggml.*</c> metadata: byte-level BPE
    /// (<c>gpt2</c>, with the pre-tokenizer <c>tokenizer.ggml.pre</c> names) or SentencePiece (<c>llama</c>),
    /// encoding as llama.cpp does.
    /// </summary>
    /// <exception cref="WrenException">The metadata has no tokenizer, or one of another kind (named in the message).</exception>
    public static BpeTokenizer FromGguf(Formats.Gguf.GgufReader gguf)
    {
        ArgumentNullException.ThrowIfNull(gguf);
        return GgufTokenizerReader.Read(gguf);
    }

    public static BpeTokenizer FromJson(string json, string where = "tokenizer.json") =>
        TokenizerJsonReader.Read(Encoding.UTF8.GetBytes(json), where);

    public int? TokenToId(string token) => _tokenToId.TryGetValue(token, out int id) ? id : null;

    public string? IdToToken(int id) => (uint)id < (uint)_idToToken.Length ? _idToToken[id] : null;

    public bool IsSpecial(int id) => (uint)id < (uint)_isSpecial.Length && _isSpecial[id];

    public int[] Encode(string text, bool addSpecialTokens = true)
    {
        var ids = new List<int>(text.Length / 3 + 4);
        Encode(text, ids, addSpecialTokens);
        return ids.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids, bool addSpecialTokens = true)
    {
        if (addSpecialTokens)
        {
            ids.AddRange(_post.Prefix);
        }
        int pos = 0;
        if (!_matcher.IsEmpty)
        {
            while (pos < text.Length && _matcher.TryFindNext(text, pos, pos, out int start, out int end, out AddedToken? token))
            {
                if (start > pos)
                {
                    EncodeSegment(text[pos..start], pos == 0, ids);
                }
                ids.Add(token!.Id);
                pos = end;
            }
        }
        if (pos < text.Length)
        {
            EncodeSegment(text[pos..], pos == 0, ids);
        }
        if (addSpecialTokens)
        {
            ids.AddRange(_post.Suffix);
        }
    }

    /// <summary>
    /// Writes the ids into <paramref name="destination"/>; <see cref="OperationStatus.DestinationTooSmall"/>
    /// (with nothing written) when they do not fit.
    /// </summary>
    public OperationStatus Encode(ReadOnlySpan<char> text, Span<int> destination, out int written, bool addSpecialTokens = true)
    {
        List<int> ids = (t_scratch ??= new Scratch()).Ids;
        ids.Clear();
        Encode(text, ids, addSpecialTokens);
        if (ids.Count > destination.Length)
        {
            written = 0;
            return OperationStatus.DestinationTooSmall;
        }
        CollectionsMarshal.AsSpan(ids).CopyTo(destination);
        written = ids.Count;
        return OperationStatus.Done;
    }

    /// <summary>The number of tokens <paramref name="text"/> encodes to.</summary>
    public int CountTokens(ReadOnlySpan<char> text, bool addSpecialTokens = true)
    {
        List<int> ids = (t_scratch ??= new Scratch()).Ids;
        ids.Clear();
        Encode(text, ids, addSpecialTokens);
        return ids.Count;
    }

    public string Decode(ReadOnlySpan<int> ids, bool skipSpecialTokens = false)
    {
        var bytes = new ArrayBufferWriter<byte>(ids.Length * 4 + 16);
        bool first = true;
        foreach (int id in ids)
        {
            if ((uint)id >= (uint)_tokenBytes.Length)
            {
                throw new WrenException($"token id {id} is outside the vocabulary (0..{_tokenBytes.Length - 1})");
            }
            if (skipSpecialTokens && _isSpecial[id])
            {
                continue;
            }
            if (_decoder.JoinWithSpaces && !first)
            {
                bytes.Write(" "u8);
            }
            bytes.Write(_tokenBytes[id]);
            first = false;
        }
        ReadOnlySpan<byte> all = bytes.WrittenSpan;
        for (int s = 0; s < _decoder.StripLeadingSpaces && all.Length > 0 && all[0] == (byte)' '; s++)
        {
            all = all[1..];
        }
        return Encoding.UTF8.GetString(all);
    }

    /// <summary>A decoder for generation: feed ids one at a time, get text as soon as it is complete UTF-8.</summary>
    public StreamingTokenDecoder CreateStreamingDecoder(bool skipSpecialTokens = false) => new(this, skipSpecialTokens);

    /// <summary>The bytes token <paramref name="id"/> decodes to (before the leading-space strip).</summary>
    public ReadOnlySpan<byte> TokenBytes(int id) => _tokenBytes[id];

    internal int StripLeadingSpaces => _decoder.StripLeadingSpaces;

    internal bool JoinWithSpaces => _decoder.JoinWithSpaces;

    private void EncodeSegment(ReadOnlySpan<char> segment, bool atTextStart, List<int> ids)
    {
        switch (_fastScanner)
        {
            case ScannerKind.Gpt2:
                for (int i = 0; i < segment.Length;)
                {
                    int end = PreTokenizerScanner.NextGpt2(segment, i);
                    EncodePiece(segment[i..end], ids);
                    i = end;
                }
                return;
            case ScannerKind.Llama3:
            case ScannerKind.Qwen2:
                int digits = _fastScanner == ScannerKind.Llama3 ? 3 : 1;
                for (int i = 0; i < segment.Length;)
                {
                    int end = PreTokenizerScanner.NextLlama3(segment, i, digits);
                    EncodePiece(segment[i..end], ids);
                    i = end;
                }
                return;
        }
        ReadOnlySpan<char> text = segment;
        if (_normalizer is not null)
        {
            text = _normalizer.Normalize(segment.ToString());
        }
        if (_preTokenizer is null)
        {
            if (text.Length > 0)
            {
                EncodePiece(text, ids);
            }
            return;
        }
        Scratch scratch = t_scratch ??= new Scratch();
        scratch.Text.Clear();
        int start = scratch.Text.Append(text);
        scratch.Input.Clear();
        scratch.Input.Add(start, start + text.Length);
        scratch.Output.Clear();
        _preTokenizer.Split(scratch.Input, scratch.Output, atTextStart);
        for (int p = 0; p < scratch.Output.Count; p++)
        {
            EncodePiece(scratch.Output[p], ids);
        }
    }

    private void EncodePiece(ReadOnlySpan<char> piece, List<int> ids)
    {
        if (piece.Length > MaxCachedWordLength)
        {
            _model.EncodeWord(piece, _byteLevel, ids);
            return;
        }
        if (_cacheLookup.TryGetValue(piece, out int[]? cached))
        {
            if (cached.Length == 1)
            {
                ids.Add(cached[0]);
            }
            else
            {
                ids.AddRange(cached);
            }
            return;
        }
        int before = ids.Count;
        _model.EncodeWord(piece, _byteLevel, ids);
        // Bounded: once full, new words are encoded but not remembered (no eviction bookkeeping).
        if (Volatile.Read(ref _cacheCount) < CacheCapacity
            && _cache.TryAdd(piece.ToString(), CollectionsMarshal.AsSpan(ids)[before..].ToArray()))
        {
            Interlocked.Increment(ref _cacheCount);
        }
    }

    private byte[] DecodeTokenBytes(string? token)
    {
        if (token is null)
        {
            return [];
        }
        if (_decoder.ByteLevel)
        {
            var bytes = new byte[token.Length];
            for (int i = 0; i < token.Length; i++)
            {
                if (!ByteLevelAlphabet.TryCharToByte(token[i], out bytes[i]))
                {
                    // Hugging Face keeps a token with a character outside the alphabet as its UTF-8.
                    return Encoding.UTF8.GetBytes(token);
                }
            }
            return bytes;
        }
        if (_decoder.ByteFallback && token.Length == 6 && token.StartsWith("<0x", StringComparison.Ordinal) && token[5] == '>'
            && byte.TryParse(token.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out byte raw))
        {
            return [raw];
        }
        foreach (var (pattern, content) in _decoder.Replacements)
        {
            token = token.Replace(pattern, content, StringComparison.Ordinal);
        }
        return Encoding.UTF8.GetBytes(token);
    }

    private static ScannerKind FastScannerOf(PreTokenizer? pre) => pre switch
    {
        ByteLevelPreTokenizer { AddPrefixSpace: false, UseRegex: true } => ScannerKind.Gpt2,
        SplitPreTokenizer { Behavior: SplitBehavior.Isolated, Invert: false } s => s.Pattern.Kind,
        SequencePreTokenizer { Steps: [SplitPreTokenizer { Behavior: SplitBehavior.Isolated, Invert: false } s, ByteLevelPreTokenizer { AddPrefixSpace: false, UseRegex: false }] } => s.Pattern.Kind,
        _ => ScannerKind.None,
    };

    private sealed class Scratch
    {
        public Scratch()
        {
            Text = new TextBuffer();
            Input = new PieceList(Text);
            Output = new PieceList(Text);
        }

        public TextBuffer Text { get; }

        public PieceList Input { get; }

        public PieceList Output { get; }

        public List<int> Ids { get; } = new();
    }
}
