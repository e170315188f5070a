// wllama inside a Cloudflare Workers isolate. Written by `wren export worker` from wllama's own files.
//
// wllama runs llama.cpp in a Web Worker that it starts from a blob: URL, and its WebAssembly module is
// compiled from fetched bytes. Workers have neither Web Workers nor code generation from bytes or strings,
// so this module runs wllama's worker script in the same isolate (its postMessage/onmessage pair becomes a
// pair of queued calls) and hands it the WebAssembly.Module that the bundle imports, which Workers compile
// at upload. The two scripts below are wllama's, unchanged but for the lines marked WREN.
import WASM_MODULE from './engine/wllama.wasm';

// llama.cpp allocates as it loads; start small, since Workers count WebAssembly memory against 128 MB.
const INITIAL_MEMORY = __WREN_INITIAL_MEMORY__;

let heapBytes = () => 0;

/** Bytes of WebAssembly memory llama.cpp holds now (weights, KV cache, buffers). */
export const wasmHeapBytes = () => heapBytes();

/** Makes `new Worker(...)` (as wllama's ProxyToWorker calls it) start the llama.cpp worker in this isolate. */
export function installInIsolateWorker() {
  globalThis.Worker = InIsolateWorker;
  // Workers have URL.createObjectURL but it throws; the URL is never used by the worker above.
  Object.defineProperty(URL, 'createObjectURL', { value: () => 'blob:wren-in-isolate', configurable: true, writable: true });
}

class InIsolateWorker {
  #deliver;

  constructor() {
    this.onmessage = null;
    this.onerror = null;
    const toMain = (data) => queueMicrotask(() => this.onmessage?.({ data }));
    this.#deliver = startLlamaWorker(toMain);
  }

  postMessage(data) {
    queueMicrotask(() => this.#deliver({ data }));
  }

  terminate() {}
}

function startLlamaWorker(postMessage) {
  const RUN_OPTIONS = { pathConfig: { 'wllama.wasm': 'wllama.wasm' }, nbThread: 0, compat: false };
  const self = { location: { href: 'https://wren.invalid/' }, name: '' };
  // The Node.js branches of the emscripten script never run here; this keeps bundlers from resolving them.
  const require = (name) => { throw new Error(`${name} is not available in a Worker`); };
  const WREN_INSTANTIATE = (imports, done) => {
    const instance = new WebAssembly.Instance(WASM_MODULE, imports);
    done(instance, WASM_MODULE);
    return instance.exports;
  };
  let onmessage = null;

  function wModuleInit() {
__WREN_EMSCRIPTEN_CODE__
    return Module;
  }

__WREN_LLAMA_WORKER_CODE__

  heapBytes = () => (Module && Module.wasmMemory ? Module.wasmMemory.buffer.byteLength : 0);
  return (event) => onmessage(event);
}
