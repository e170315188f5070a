// Makes the SentencePiece-style BPE fixtures in tests/TestData/tokenizer/ (run once; outputs are
// committed): HF tokenizers trains a char-level BPE with a Metaspace pre-tokenizer on SOTU lines,
// then the model is rewritten the way Llama-2/TinyLlama (normalizer Prepend+Replace, no
// pre-tokenizer) and Mistral (Metaspace pre-tokenizer, prepend_scheme "first", no split) ship it:
// <unk> <s> </s>, 256 <0xNN> byte-fallback tokens, fuse_unk, a <s> template, the Sequence decoder.
//   node make-sentencepiece-fixtures.js CORPUS_TXT OUT_DIR
const fs = require('fs');
const path = require('path');
const tk = require('@anush008/tokenizers');

const [corpus, outDir] = process.argv.slice(2);
const tmp = path.join(outDir, '.train.json');
const tok = new tk.Tokenizer(tk.BPE.empty());
tok.setPreTokenizer(tk.metaspacePreTokenizer('▁', 'always', true));
tok.train([corpus]);
tok.save(tmp, false);
const trained = JSON.parse(fs.readFileSync(tmp, 'utf8'));
fs.unlinkSync(tmp);

const merges = trained.model.merges.slice(0, 1500).map(m => Array.isArray(m) ? m : m.split(' '));
const vocab = {};
let next = 0;
for (const t of ['<unk>', '<s>', '</s>']) vocab[t] = next++;
for (let b = 0; b < 256; b++) vocab['<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>'] = next++;
const alphabet = Object.keys(trained.model.vocab).filter(t => [...t].length === 1).sort();
for (const c of alphabet) if (!(c in vocab)) vocab[c] = next++;
for (const [a, b] of merges) if (!(a + b in vocab)) vocab[a + b] = next++;

const added = ['<unk>', '<s>', '</s>'].map((t, i) => ({ id: i, content: t, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true }));
const model = { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges };
const post = { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '<s>', type_id: 1 } }, { Sequence: { id: 'B', type_id: 1 } }], special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } } };
const decoder = { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] };

const llama2 = { version: '1.0', truncation: null, padding: null, added_tokens: added,
  normalizer: { type: 'Sequence', normalizers: [{ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }] },
  pre_tokenizer: null, post_processor: post, decoder, model };
const mistral = { version: '1.0', truncation: null, padding: null, added_tokens: added, normalizer: null,
  pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
  post_processor: post, decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false }, model };
fs.mkdirSync(path.join(outDir, 'llama2-style'), { recursive: true });
fs.mkdirSync(path.join(outDir, 'mistral-style'), { recursive: true });
fs.writeFileSync(path.join(outDir, 'llama2-style', 'tokenizer.json'), JSON.stringify(llama2, null, 1));
fs.writeFileSync(path.join(outDir, 'mistral-style', 'tokenizer.json'), JSON.stringify(mistral, null, 1));
console.log('vocab', Object.keys(vocab).length, 'merges', merges.length);
