// window.wren: the model of this site, running in the tab (llama.cpp's WebAssembly build, Wren's tokenizer
// and chat template). Other pages and tests drive it the same way the chat page does:
//   await wren.ready
//   const { ids, text } = await wren.generate('Once upon a time', { maxTokens: 32, greedy: true })
//   const { text } = await wren.chat([{ role: 'user', content: 'Hello' }], { maxTokens: 64, onText: (t) => ... })
// Options: maxTokens, greedy, temperature (0 = greedy), topP, seed, onText(piece), signal (AbortSignal).
// The first visit downloads the model once into the Cache API; the service worker serves every file from
// that cache afterwards, so the page works offline.
import { Wllama } from './engine/wllama.js';
import { Tokenizer } from './engine/tokenizers.mjs';
import { Template } from './engine/jinja.mjs';
import { WrenRuntime } from './wren-runtime.mjs';

const status = new EventTarget();
let runtime = null;

async function cachedBlob(cache, url, onProgress) {
  const hit = cache ? await cache.match(url) : undefined;
  if (hit) return hit.blob();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('Content-Length')) || 0;
  const reader = response.body.getReader();
  const parts = [];
  let loaded = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parts.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const blob = new Blob(parts);
  if (cache) await cache.put(url, new Response(blob, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.size) } }));
  return blob;
}

async function start() {
  const manifest = await (await fetch('wren-model.json', { cache: 'no-cache' })).json();
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').catch((e) => console.warn('wren: offline cache unavailable:', e.message));
  }
  const cache = 'caches' in window ? await caches.open(manifest.cache) : null;
  const say = (text) => status.dispatchEvent(new CustomEvent('status', { detail: text }));
  const started = performance.now();
  const modelBlob = await cachedBlob(cache, manifest.model.file, (loaded, total) =>
    say(`downloading the model: ${(loaded / 1048576).toFixed(1)}${total ? ' of ' + (total / 1048576).toFixed(1) : ''} MiB`));
  const tokenizerJson = await (await fetch(manifest.tokenizer.file)).json();
  say('loading the model…');
  // Threads need SharedArrayBuffer, which the browser gives only to cross-origin isolated pages (COOP/COEP).
  // llama.cpp's threads spin between steps, so one per physical core (about half the logical ones), two at least.
  const threads = self.crossOriginIsolated ? Math.max(2, Math.floor((navigator.hardwareConcurrency || 2) / 2)) : 1;
  runtime = await WrenRuntime.load({
    Wllama, Tokenizer, Template, manifest, tokenizerJson, modelBlob,
    wasmUrl: new URL('engine/wllama.wasm', location.href).href, threads,
  });
  wren.info = { ...runtime.info, loadMs: Math.round(performance.now() - started), crossOriginIsolated: !!self.crossOriginIsolated };
  return wren.info;
}

const ready = start();
ready.catch((e) => console.error('wren: the model did not load:', e));

const wren = {
  /** Resolves to `info` once the model is loaded. */
  ready,
  /** Model, context, engine, threads; set once loaded. */
  info: null,
  /** Progress messages while loading (`status.addEventListener('status', e => e.detail)`). */
  status,
  async generate(prompt, options = {}) { await ready; return runtime.generate(prompt, options); },
  async chat(messages, options = {}) { await ready; return runtime.chat(messages, options); },
  async tokenize(text, addSpecialTokens = true) { await ready; return runtime.encode(text, addSpecialTokens); },
  async renderChat(messages) { await ready; return runtime.renderChat(messages); },
};
window.wren = wren;
