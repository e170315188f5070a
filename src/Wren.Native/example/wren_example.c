/*
 * A C program over libwren: greedy generation from a raw prompt, or from a one-message chat.
 *
 *   wren_example MODEL PROMPT MAX_TOKENS [STOP_AFTER]   tokenize PROMPT (with bos), generate greedily; the callback stops
 *                                                       after STOP_AFTER tokens when given (cancellation)
 *   wren_example --chat MODEL MESSAGE MAX_TOKENS         render MESSAGE with the model's chat template, then generate
 *
 * Prints "template: ..." (chat only), "ids: ..." (generated ids), "status: ok|cancelled" and last "text: ..."; on failure,
 * "error: ..." from wren_last_error on stderr and exit status 1.
 *
 * Build: cc -I src/Wren.Native/include wren_example.c -L DIR -lwren -Wl,-rpath,DIR  (DIR holds libwren.so)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "wren.h"

typedef struct {
    int32_t count;
    int32_t stop_after; /* 0: never stop */
    int32_t ids[4096];
    char text[65536];
    size_t text_length;
} generation;

static int32_t on_token(int32_t token_id, const char *text, void *user_data) {
    generation *g = (generation *)user_data;
    if (token_id >= 0 && g->count < 4096) g->ids[g->count++] = token_id;
    size_t n = strlen(text);
    if (g->text_length + n < sizeof g->text) {
        memcpy(g->text + g->text_length, text, n);
        g->text_length += n;
        g->text[g->text_length] = 0;
    }
    return g->stop_after > 0 && g->count >= g->stop_after; /* nonzero: stop */
}

static int fail(const char *what) {
    fprintf(stderr, "error: %s: %s\n", what, wren_last_error());
    return 1;
}

int main(int argc, char **argv) {
    int chat = argc > 1 && strcmp(argv[1], "--chat") == 0;
    char **args = argv + (chat ? 2 : 1);
    int n_args = argc - (chat ? 2 : 1);
    if (n_args < 3) {
        fprintf(stderr, "usage: wren_example MODEL PROMPT MAX_TOKENS [STOP_AFTER] | wren_example --chat MODEL MESSAGE MAX_TOKENS\n");
        return 2;
    }

    wren_model *model = NULL;
    if (wren_model_load(args[0], &model) != WREN_OK) return fail("wren_model_load");

    char *prompt = args[1];
    char *rendered = NULL;
    if (chat) {
        wren_chat_message messages[] = { { "user", args[1] } };
        if (wren_chat_apply_template(model, messages, 1, 1, &rendered) != WREN_OK) return fail("wren_chat_apply_template");
        printf("template: %s\n", rendered);
        prompt = rendered;
    }

    int32_t *prompt_ids = NULL, n_prompt = 0;
    if (wren_tokenize(model, prompt, chat ? 0 : 1, &prompt_ids, &n_prompt) != WREN_OK) return fail("wren_tokenize");

    wren_generate_options options = wren_generate_default_options();
    options.max_tokens = atoi(args[2]);
    options.temperature = 0; /* greedy */
    options.threads = 1;
    generation *g = calloc(1, sizeof *g);
    g->stop_after = !chat && n_args > 3 ? atoi(args[3]) : 0;
    int32_t status = wren_generate(model, prompt_ids, n_prompt, &options, on_token, g);
    if (status == WREN_ERROR) return fail("wren_generate");

    printf("ids:");
    for (int32_t i = 0; i < g->count; i++) printf(" %d", g->ids[i]);
    printf("\nstatus: %s\ntext: %s\n", status == WREN_CANCELLED ? "cancelled" : "ok", g->text);

    free(g);
    wren_free(prompt_ids);
    wren_free(rendered);
    wren_model_free(model);
    return 0;
}
