// Reference peer for Wren's tokenizer tests and benchmarks: runs Hugging Face tokenizers (Rust,
// through the @anush008/tokenizers napi build) and tiktoken on the same inputs as Wren.
//   node peer.js encode TOKENIZER_JSON TEXTS_JSON OUT_JSON      ids of each text (no special tokens added)
//   node peer.js decode TOKENIZER_JSON IDS_JSON OUT_JSON        text of each id list
//   node peer.js train OUT_JSON CORPUS_TXT...                   HF BpeTrainer defaults (vocab 30000), ByteLevel pre-tokenizer
//   node peer.js train-llama3 OUT_JSON CORPUS_TXT...            the same with Llama-3's Split regex + ByteLevel(use_regex=false)
//   node peer.js bench-encode TOKENIZER_JSON TEXT_FILE SECONDS  MB/s encoding the file's lines (batch API, all threads)
//   node peer.js bench-tiktoken TEXT_FILE SECONDS [TOKENIZER_JSON]  MB/s of tiktoken on the same vocabulary if given, else cl100k
const fs = require('fs');
const tk = require('@anush008/tokenizers');

async function main() {
  const [mode, ...args] = process.argv.slice(2);
  if (mode === 'encode') {
    const tok = tk.Tokenizer.fromFile(args[0]);
    const texts = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const out = [];
    for (const t of texts) {
      const e = await tok.encode(t, null, { addSpecialTokens: false });
      out.push(e.getIds());
    }
    fs.writeFileSync(args[2], JSON.stringify(out));
  } else if (mode === 'decode') {
    const tok = tk.Tokenizer.fromFile(args[0]);
    const lists = JSON.parse(fs.readFileSync(args[1], 'utf8'));
    const out = [];
    for (const ids of lists) out.push(await tok.decode(ids, false));
    fs.writeFileSync(args[2], JSON.stringify(out));
  } else if (mode === 'train' || mode === 'train-llama3') {
    let tok;
    if (mode === 'train') {
      tok = new tk.Tokenizer(tk.BPE.empty());
      tok.setPreTokenizer(tk.byteLevelPreTokenizer(false, true));
    } else {
      // The bindings' splitPreTokenizer takes a literal string, so the regex Split comes in through JSON.
      const llama3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
      tok = tk.Tokenizer.fromString(JSON.stringify({
        version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
        pre_tokenizer: { type: 'Sequence', pretokenizers: [
          { type: 'Split', pattern: { Regex: llama3 }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false }] },
        post_processor: null, decoder: null,
        model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab: {}, merges: [] },
      }));
    }
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    tok.train(args.slice(1));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(c0);
    tok.save(args[0], true);
    console.log(JSON.stringify({ seconds: ms / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, vocab: tok.getVocabSize(true) }));
  } else if (mode === 'bench-encode') {
    const tok = tk.Tokenizer.fromFile(args[0]);
    const lines = fs.readFileSync(args[1], 'utf8').split('\n');
    const bytes = Buffer.byteLength(lines.join('\n'), 'utf8');
    const seconds = Number(args[2] || 3);
    const batch = 4096;
    let passes = 0, tokens = 0;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    let elapsed = 0;
    while (elapsed < seconds || passes === 0) {
      for (let i = 0; i < lines.length; i += batch) {
        const encs = await tok.encodeBatch(lines.slice(i, i + batch), { addSpecialTokens: false });
        for (const e of encs) tokens += e.getLength();
      }
      passes++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    const cpu = process.cpuUsage(c0);
    console.log(JSON.stringify({ mbPerSecond: bytes * passes / elapsed / 1e6, mbPerCpuSecond: bytes * passes / ((cpu.user + cpu.system) / 1e6) / 1e6, tokensPerPass: tokens / passes }));
  } else if (mode === 'bench-tiktoken') {
    const { Tiktoken, get_encoding } = require('tiktoken');
    let enc, which;
    if (args[2]) {
      // The same vocabulary as a tiktoken BPE: ranks are the token ids, bytes from the byte-level strings.
      const j = JSON.parse(fs.readFileSync(args[2], 'utf8'));
      const map = byteDecoder();
      const lines = [];
      const specialNames = new Set(j.added_tokens.map(a => a.content));
      for (const [tokStr, id] of Object.entries(j.model.vocab)) {
        if (specialNames.has(tokStr)) continue;
        const b = Buffer.from([...tokStr].map(c => map.get(c)));
        lines.push(b.toString('base64') + ' ' + id);
      }
      const special = {};
      for (const a of j.added_tokens) special[a.content] = a.id;
      const pat = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
      enc = new Tiktoken(lines.join('\n'), special, pat);
      which = 'same vocabulary';
    } else {
      enc = get_encoding('cl100k_base');
      which = 'cl100k_base';
    }
    const lines = fs.readFileSync(args[0], 'utf8').split('\n');
    const bytes = Buffer.byteLength(lines.join('\n'), 'utf8');
    const seconds = Number(args[1] || 3);
    let passes = 0, tokens = 0;
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    let elapsed = 0;
    while (elapsed < seconds || passes === 0) {
      for (const l of lines) tokens += enc.encode_ordinary(l).length;
      passes++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    }
    const cpu = process.cpuUsage(c0);
    console.log(JSON.stringify({ mbPerSecond: bytes * passes / elapsed / 1e6, mbPerCpuSecond: bytes * passes / ((cpu.user + cpu.system) / 1e6) / 1e6, tokensPerPass: tokens / passes, vocabulary: which }));
  } else {
    console.error('usage: node peer.js encode|decode|train|bench-encode|bench-tiktoken ...');
    process.exit(2);
  }
}

function byteDecoder() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = bs.slice();
  let n = 0;
  for (let b = 0; b < 256; b++) if (!bs.includes(b)) { bs.push(b); cs.push(256 + n); n++; }
  const m = new Map();
  bs.forEach((b, i) => m.set(String.fromCharCode(cs[i]), b));
  return m;
}

main().catch(e => { console.error(e); process.exit(1); });
