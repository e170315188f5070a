/*
 * libwren: Wren's runtime as a C library (a NativeAOT shared library: libwren.so, .dylib or .dll).
 * Load a model (a llama.cpp .gguf file or a Hugging Face folder), tokenize, render a chat template, generate.
 *
 * Conventions: every function that can fail returns WREN_OK (0) or WREN_ERROR (-1); wren_last_error() then says why,
 * in a string the library owns until the next failure on the same thread. Strings are UTF-8 and NUL-terminated.
 * Memory the library hands out (token arrays, rendered text) is freed with wren_free; models with wren_model_free.
 * A model may be used from one thread at a time.
 */
#ifndef WREN_H
#define WREN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define WREN_OK 0
#define WREN_CANCELLED 1 /* the token callback returned nonzero: generation stopped, what came before stands */
#define WREN_ERROR (-1)

typedef struct wren_model wren_model;

typedef struct wren_chat_message {
    const char *role;    /* "system", "user", "assistant", ... as the model's template knows them */
    const char *content;
} wren_chat_message;

typedef struct wren_generate_options {
    int32_t max_tokens;  /* most tokens to generate (default 128) */
    float temperature;   /* 0 = greedy (default 0.8) */
    float top_p;         /* nucleus sampling (default 0.95); 1 = off */
    int32_t top_k;       /* 0 = off (default) */
    int32_t has_seed;    /* nonzero: seed the draw with `seed`, for repeatable output */
    int32_t seed;
    int32_t threads;     /* kernel threads; 0 = all cores (default) */
} wren_generate_options;

/*
 * Called on the thread that called wren_generate, once per generated token: its id and the text it released (empty
 * while a UTF-8 character is incomplete; id -1 for text released at the end). `text` is valid during the call only.
 * Return 0 to go on, nonzero to stop (cancellation); wren_generate then returns WREN_CANCELLED.
 */
typedef int32_t (*wren_token_callback)(int32_t token_id, const char *text, void *user_data);

/* Loads a .gguf file or a Hugging Face model folder (config.json, model.safetensors, tokenizer.json). */
int32_t wren_model_load(const char *path, wren_model **out_model);
void wren_model_free(wren_model *model);

/* Encodes text; add_special nonzero adds the tokenizer's special tokens (bos), as `wren generate` does.
 * *out_ids is freed with wren_free. */
int32_t wren_tokenize(wren_model *model, const char *text, int32_t add_special, int32_t **out_ids, int32_t *out_count);

/* Renders a conversation with the model's chat template; add_generation_prompt nonzero ends with the opening of an
 * assistant turn. Tokenize the result with add_special = 0 (the template writes bos itself). *out_text is freed with wren_free. */
int32_t wren_chat_apply_template(wren_model *model, const wren_chat_message *messages, int32_t n_messages,
                                 int32_t add_generation_prompt, char **out_text);

/* The defaults of `wren generate`. */
wren_generate_options wren_generate_default_options(void);

/* Generates from prompt ids (options NULL: the defaults), calling on_token for each token; stops at the model's stop
 * tokens, after max_tokens, or when on_token returns nonzero. Returns WREN_OK, WREN_CANCELLED or WREN_ERROR. */
int32_t wren_generate(wren_model *model, const int32_t *prompt_ids, int32_t n_prompt, const wren_generate_options *options,
                      wren_token_callback on_token, void *user_data);

/* Frees memory returned by wren_tokenize and wren_chat_apply_template (NULL is fine). */
void wren_free(void *memory);

/* Why the last failing call on this thread failed (NULL before any failure). */
const char *wren_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* WREN_H */
