// A Cloudflare Workers module worker, written by `wren export worker`, that answers OpenAI's API from the
// model running inside the worker (llama.cpp's WebAssembly build, Wren's tokenizer and chat template):
//   GET  /v1/models
//   POST /v1/chat/completions   (JSON, or server-sent events with "stream": true)
//   POST /v1/completions        (a raw prompt)
//   GET  /health
// The model loads once per isolate, on the first request, from the bundle or from R2 (see model-source.mjs).
import { Wllama } from './engine/wllama.js';
import { Tokenizer } from './engine/tokenizers.mjs';
import { Template } from './engine/jinja.mjs';
import { WrenRuntime } from './wren-runtime.mjs';
import { installInIsolateWorker, wasmHeapBytes } from './wllama-in-isolate.mjs';
import { loadModelBytes, modelSource } from './model-source.mjs';
import manifest from './model/wren-model.json';
import tokenizerJson from './model/tokenizer.json';

installInIsolateWorker();
// wllama resolves its asset paths against the global location, which a Workers isolate does not have.
if (!globalThis.location) globalThis.location = new URL('https://wren.invalid/');

let loading = null;

function runtime(env) {
  loading ??= (async () => {
    const bytes = await loadModelBytes(env);
    return WrenRuntime.load({
      Wllama, Tokenizer, Template, manifest, tokenizerJson,
      modelBlob: new Blob([bytes]),
      wasmUrl: 'https://wren.invalid/wllama.wasm',
      threads: 1, // Workers have no threads
      cacheManager: {}, // wllama's own download cache wants OPFS or the Cache API; it is never used here
    });
  })();
  // A failed load (R2 object missing, say) is not kept: the next request tries again.
  loading.catch(() => { loading = null; });
  return loading;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    try {
      if (url.pathname === '/v1/models' && request.method === 'GET') return models();
      if (url.pathname === '/health' && request.method === 'GET') return health(env);
      if (url.pathname === '/v1/chat/completions') return await complete(request, env, true);
      if (url.pathname === '/v1/completions') return await complete(request, env, false);
      return error(404, `no route for ${request.method} ${url.pathname}; this worker serves /v1/models, /v1/chat/completions, /v1/completions and /health`, 'not_found');
    } catch (e) {
      if (e instanceof RequestError) return error(e.status, e.message, e.code, e.param);
      console.error('wren worker:', e && e.stack ? e.stack : e);
      return error(500, String(e && e.message ? e.message : e), 'internal_error');
    }
  },
};

function models() {
  return json({ object: 'list', data: [{ id: manifest.name, object: 'model', created: manifest.created, owned_by: 'wren' }] });
}

async function health(env) {
  const rt = await runtime(env);
  return json({ status: 'ok', ...rt.info, model_source: modelSource, wasm_heap_bytes: wasmHeapBytes(), model_bytes: manifest.model.bytes });
}

class RequestError extends Error {
  constructor(status, message, code, param) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
  }
}

async function complete(request, env, isChat) {
  if (request.method !== 'POST') throw new RequestError(405, `use POST for ${new URL(request.url).pathname}`, 'method_not_allowed');
  let body;
  try {
    body = await request.json();
  } catch (e) {
    throw new RequestError(400, `the request body is not valid JSON: ${e.message}`, 'invalid_json');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new RequestError(400, 'the request body must be a JSON object', 'invalid_request');
  if (body.model !== undefined && body.model !== manifest.name) {
    throw new RequestError(404, `model '${body.model}' does not exist; this worker serves '${manifest.name}'`, 'model_not_found', 'model');
  }
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? 256;
  if (!Number.isInteger(maxTokens) || maxTokens < 0) throw new RequestError(400, 'max_tokens must be a whole number >= 0', 'invalid_value', 'max_tokens');
  for (const key of ['temperature', 'top_p']) {
    if (body[key] !== undefined && body[key] !== null && typeof body[key] !== 'number') throw new RequestError(400, `${key} must be a number`, 'invalid_value', key);
  }
  if (isChat && !Array.isArray(body.messages)) throw new RequestError(400, "'messages' must be an array of {role, content}", 'invalid_value', 'messages');
  if (!isChat && typeof body.prompt !== 'string') throw new RequestError(400, "'prompt' must be a string", 'invalid_value', 'prompt');
  const messages = isChat ? body.messages.map(toTemplateMessage) : null;

  const rt = await runtime(env);
  const id = (isChat ? 'chatcmpl-' : 'cmpl-') + crypto.randomUUID().replaceAll('-', '');
  const created = Math.floor(Date.now() / 1000);
  const options = {
    maxTokens,
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    seed: Number.isInteger(body.seed) ? body.seed : undefined,
  };
  const run = (extra) => (isChat ? rt.chat(messages, { ...options, ...extra }) : rt.generate(body.prompt, { ...options, ...extra }));
  const usageOf = (r) => ({ prompt_tokens: r.usage.promptTokens, completion_tokens: r.usage.completionTokens, total_tokens: r.usage.promptTokens + r.usage.completionTokens });

  if (!body.stream) {
    const r = await runWithClientErrors(() => run({}));
    const choice = isChat
      ? { index: 0, message: { role: 'assistant', content: r.text }, logprobs: null, finish_reason: r.finishReason }
      : { index: 0, text: r.text, logprobs: null, finish_reason: r.finishReason };
    return json({ id, object: isChat ? 'chat.completion' : 'text_completion', created, model: manifest.name, choices: [choice], usage: usageOf(r) });
  }

  const includeUsage = body.stream_options?.include_usage === true;
  const stream = new TransformStream();
  const writer = stream.writable.getWriter();
  const encoder = new TextEncoder();
  const abort = new AbortController();
  const send = (obj) => writer.write(encoder.encode(`data: ${JSON.stringify(obj)}\n\n`)).catch(() => abort.abort());
  const chunk = (delta, finish) => ({
    id, object: isChat ? 'chat.completion.chunk' : 'text_completion', created, model: manifest.name,
    choices: [isChat ? { index: 0, delta, logprobs: null, finish_reason: finish } : { index: 0, text: delta.content ?? '', logprobs: null, finish_reason: finish }],
  });
  (async () => {
    try {
      if (isChat) await send(chunk({ role: 'assistant', content: '' }, null));
      const r = await run({ signal: abort.signal, onText: (piece) => { if (piece) send(chunk({ content: piece }, null)); } });
      await send(chunk({}, r.finishReason));
      if (includeUsage) await send({ id, object: isChat ? 'chat.completion.chunk' : 'text_completion', created, model: manifest.name, choices: [], usage: usageOf(r) });
      await writer.write(encoder.encode('data: [DONE]\n\n'));
    } catch (e) {
      if (!abort.signal.aborted) await send({ error: { message: String(e && e.message ? e.message : e), type: 'server_error', code: 'internal_error' } });
    } finally {
      writer.close().catch(() => {});
    }
  })();
  return new Response(stream.readable, { headers: { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' } });
}

// The runtime throws plain Errors for what the caller got wrong (a context overflow, a template that
// rejects the conversation): those are 400s, as OpenAI answers them.
async function runWithClientErrors(run) {
  try {
    return await run();
  } catch (e) {
    const message = String(e && e.message ? e.message : e);
    if (/context|template|messages\[|prompt is empty|maxTokens/.test(message)) throw new RequestError(400, message, message.includes('context') ? 'context_length_exceeded' : 'invalid_request');
    throw e;
  }
}

function toTemplateMessage(m, i) {
  if (!m || typeof m.role !== 'string') throw new RequestError(400, `messages[${i}].role must be a string`, 'invalid_value', 'messages');
  if (typeof m.content === 'string') return { role: m.role, content: m.content };
  if (Array.isArray(m.content)) {
    // OpenAI's content parts: text parts are joined; anything else this text model cannot take.
    const texts = m.content.map((p, j) => {
      if (p && p.type === 'text' && typeof p.text === 'string') return p.text;
      throw new RequestError(400, `messages[${i}].content[${j}] is not a text part; this model reads text only`, 'invalid_value', 'messages');
    });
    return { role: m.role, content: texts.join('') };
  }
  if (m.content === null || m.content === undefined) return { role: m.role, content: '' };
  throw new RequestError(400, `messages[${i}].content must be a string or an array of text parts`, 'invalid_value', 'messages');
}

function json(obj, status = 200) {
  return new Response(JSON.stringify(obj), { status, headers: { 'Content-Type': 'application/json' } });
}

function error(status, message, code, param = null) {
  const type = status >= 500 ? 'server_error' : 'invalid_request_error';
  return json({ error: { message, type, param, code } }, status);
}
