// Wren's model runtime for the exported web site and the Workers project: the same token ids as Wren.
//
// Wren's tokenizer and chat template run here in JavaScript (tokenizers.js on the model's own tokenizer.json,
// @huggingface/jinja on its chat template, both checked against Wren by the tests), and llama.cpp's
// WebAssembly build (wllama) runs the weights from the GGUF file that `wren export web` wrote. llama.cpp
// takes the prompt as text and tokenizes it again with parse_special on; it is loaded with add_bos/add_eos
// switched off, and the special tokens that Wren's post-processor adds are written out as text, so its
// prompt ids are Wren's ids. The generated ids come back through the completion's logprobs (each entry
// carries its id) and are decoded here, as Wren decodes them (special tokens skipped, no clean-up).

const FALSE = 'bool:false';

/** Loads the model and wraps it; one per page or per Workers isolate. */
export class WrenRuntime {
  #wllama;
  #tokenizer;
  #template;
  #manifest;
  #stopIds;
  #busy = Promise.resolve();

  constructor(wllama, tokenizer, template, manifest) {
    this.#wllama = wllama;
    this.#tokenizer = tokenizer;
    this.#template = template;
    this.#manifest = manifest;
    this.#stopIds = new Set(manifest.stopIds);
  }

  /**
   * @param parts.Wllama, parts.Tokenizer, parts.Template the engine classes (wllama, tokenizers.js, @huggingface/jinja)
   * @param parts.manifest wren-model.json
   * @param parts.tokenizerJson the model's tokenizer.json (parsed)
   * @param parts.modelBlob the GGUF file as a Blob
   * @param parts.wasmUrl where wllama.wasm is (the Workers shim ignores it: the module is bundled)
   * @param parts.threads llama.cpp threads (1 without cross-origin isolation)
   * @param parts.cacheManager replaces wllama's download cache (which needs OPFS or the Cache API); the model comes as a Blob anyway
   */
  static async load({ Wllama, Tokenizer, Template, manifest, tokenizerJson, modelBlob, wasmUrl, threads, logger, cacheManager }) {
    const tokenizer = new Tokenizer(tokenizerJson, manifest.tokenizerConfig ?? {});
    const template = manifest.chatTemplate ? new Template(manifest.chatTemplate.source) : null;
    const wllama = new Wllama({ default: wasmUrl }, { suppressNativeLog: true, logger: logger ?? quietLogger, ...(cacheManager ? { cacheManager } : {}) });
    // The compatibility build for browsers without JSPI or Memory64 would come from a CDN: never fetch it.
    wllama.setCompat(null);
    await wllama.loadModel([modelBlob], {
      n_threads: Math.max(1, threads | 0),
      n_ctx: manifest.context,
      n_batch: Math.min(512, manifest.context),
      n_parallel: 1,
      n_gpu_layers: 0,
      // llama.cpp reads the overrides up to an entry with an empty key, which wllama does not add itself.
      kv_overrides: { 'tokenizer.ggml.add_bos_token': FALSE, 'tokenizer.ggml.add_eos_token': FALSE, '': 'int:0' },
    });
    return new WrenRuntime(wllama, tokenizer, template, manifest);
  }

  /** What the page and /v1/models show. */
  get info() {
    const m = this.#manifest;
    return {
      model: m.name,
      context: m.context,
      type: m.model.type,
      engine: m.engine,
      threads: this.#wllama.getNumThreads(),
      multithread: this.#wllama.isMultithread(),
      chat: this.#template !== null,
    };
  }

  /** Token ids of `text`, as Wren's tokenizer gives them (`addSpecialTokens`: the post-processor's bos/eos). */
  encode(text, addSpecialTokens = true) {
    return this.#tokenizer.encode(String(text), { add_special_tokens: addSpecialTokens }).ids;
  }

  /** Text of `ids`, special tokens skipped, as Wren decodes a generation. */
  decode(ids) {
    if (ids.length === 0) return '';
    return this.#tokenizer.decode(ids, { skip_special_tokens: true, clean_up_tokenization_spaces: false });
  }

  /** The prompt a conversation renders to, as Wren's ChatTemplate renders it (generation prompt added). */
  renderChat(messages) {
    if (!this.#template) throw new Error(`model '${this.#manifest.name}' has no chat template; use generate() with a raw prompt`);
    const c = this.#manifest.chatTemplate;
    return this.#template.render({
      messages: messages.map(checkMessage),
      add_generation_prompt: true,
      bos_token: c.bosToken,
      eos_token: c.eosToken,
      tools: null,
      documents: null,
    });
  }

  /** Continues a raw prompt (Wren's `generate`): `{ids, text, promptIds, finishReason, usage, timings}`. */
  generate(prompt, options = {}) {
    const text = String(prompt);
    const ids = this.encode(text, true);
    // Whatever the post-processor put around the text (bos, eos) goes to llama.cpp as its text.
    const plain = this.encode(text, false);
    const before = leadingDifference(ids, plain);
    const after = ids.length - plain.length - before;
    const engineText = this.#specialText(ids.slice(0, before)) + text + this.#specialText(ids.slice(ids.length - after));
    return this.#complete(ids, engineText, options);
  }

  /** Answers a conversation (Wren's chat template, no special tokens added): same result as generate(). */
  chat(messages, options = {}) {
    const rendered = this.renderChat(messages);
    return this.#complete(this.encode(rendered, false), rendered, options);
  }

  #specialText(ids) {
    return ids.map((id) => this.#tokenizer.id_to_token(id)).join('');
  }

  // One generation at a time: llama.cpp runs one slot, and a second request would wait inside it anyway.
  #complete(promptIds, engineText, options) {
    const run = this.#busy.then(() => this.#run(promptIds, engineText, options));
    this.#busy = run.catch(() => {});
    return run;
  }

  async #run(promptIds, engineText, options) {
    const maxTokens = options.maxTokens ?? 128;
    if (!(Number.isInteger(maxTokens) && maxTokens >= 0)) throw new Error(`maxTokens must be a whole number >= 0, got ${options.maxTokens}`);
    if (promptIds.length === 0) throw new Error('the prompt is empty');
    if (promptIds.length + maxTokens > this.#manifest.context && promptIds.length >= this.#manifest.context) {
      throw new Error(`the prompt has ${promptIds.length} tokens; this model's context is ${this.#manifest.context}`);
    }
    const greedy = options.greedy === true || options.temperature === 0;
    const started = now();
    const ids = [];
    let shown = '';
    let first = 0;
    let finishReason = 'length';
    let usage = null;
    let timings = null;
    if (maxTokens > 0) {
      const stream = await this.#wllama.createCompletion({
        prompt: engineText,
        max_tokens: maxTokens,
        stream: true,
        logprobs: 1,
        cache_prompt: false,
        seed: options.seed ?? -1,
        // Wren's sampler is temperature then top-p; every other llama.cpp sampler is switched off.
        temperature: greedy ? 0 : options.temperature ?? 0.8,
        top_p: options.topP ?? 0.95,
        samplers: ['temperature', 'top_p'],
        top_k: 0,
        min_p: 0,
        typical_p: 1,
        repeat_penalty: 1,
        presence_penalty: 0,
        frequency_penalty: 0,
        dry_multiplier: 0,
        xtc_probability: 0,
        abortSignal: options.signal,
      });
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        if (chunk.timings) timings = chunk.timings;
        const choice = chunk.choices?.[0];
        if (!choice) continue;
        for (const entry of choice.logprobs?.content ?? []) {
          if (this.#stopIds.has(entry.id)) continue; // Wren does not return the stop token
          ids.push(entry.id);
          if (!first) first = now();
          const text = this.decode(ids);
          // A character whose bytes are split across tokens waits for the rest, as in Wren's stream decoder.
          const ready = text.endsWith('\uFFFD') ? text.slice(0, text.lastIndexOf('\uFFFD')) : text;
          if (ready.length > shown.length && options.onText) options.onText(ready.slice(shown.length), entry.id);
          if (ready.length > shown.length) shown = ready;
        }
        if (choice.finish_reason) finishReason = choice.finish_reason;
      }
    }
    const text = this.decode(ids);
    if (text.length > shown.length && options.onText) options.onText(text.slice(shown.length), -1);
    const ended = now();
    if (usage && usage.prompt_tokens !== promptIds.length) {
      // Cannot happen while llama.cpp's tokenizer agrees with Wren's: say so rather than return other ids quietly.
      console.warn(`wren: llama.cpp read the prompt as ${usage.prompt_tokens} tokens, Wren's tokenizer as ${promptIds.length}`);
    }
    const decodeSeconds = first ? (ended - first) / 1000 : 0;
    return {
      ids,
      text,
      promptIds,
      finishReason: finishReason === 'stop' ? 'stop' : 'length',
      usage: { promptTokens: promptIds.length, completionTokens: ids.length },
      timings: {
        timeToFirstTokenMs: first ? first - started : null,
        prefillTokensPerSecond: timings?.prompt_per_second ?? null,
        decodeTokensPerSecond: timings?.predicted_per_second ?? (ids.length > 1 && decodeSeconds > 0 ? (ids.length - 1) / decodeSeconds : null),
      },
    };
  }
}

function checkMessage(m, i) {
  if (!m || typeof m.role !== 'string' || typeof m.content !== 'string') {
    throw new Error(`messages[${i}] must be {role: string, content: string}`);
  }
  return { role: m.role, content: m.content };
}

function leadingDifference(withSpecial, plain) {
  for (let shift = 0; shift + plain.length <= withSpecial.length; shift++) {
    let same = true;
    for (let i = 0; i < plain.length && same; i++) same = withSpecial[shift + i] === plain[i];
    if (same) return shift;
  }
  throw new Error('the tokenizer post-processor changes the text tokens; Wren cannot send such a prompt to llama.cpp exactly');
}

const now = () => (globalThis.performance ?? Date).now();

const quietLogger = { debug() {}, log() {}, warn: (...a) => console.warn(...a), error: (...a) => console.error(...a) };
