using System.Runtime.InteropServices;
using Wren.Runtime.Generation;
using Wren.Templates;

namespace Wren.Native;

/// <summary>
/// The C API of include/wren.h. Every entry point catches everything (an exception must not cross into C), returns a
/// <see cref="NativeStatus"/> and leaves the reason for <c>wren_last_error</c>; memory handed out is freed with <c>wren_free</c>,
/// models with <c>wren_model_free</c>. A model is a <see cref="GCHandle"/> to a <see cref="WrenModel"/>, opaque to C.
/// </summary>
internal static unsafe class NativeApi
{
    [UnmanagedCallersOnly(EntryPoint = "wren_model_load")]
    public static int ModelLoad(byte* path, nint* model)
    {
        try
        {
            if (model is null) throw new ArgumentException("out_model is NULL");
            *model = 0;
            *model = GCHandle.ToIntPtr(GCHandle.Alloc(WrenModel.Load(NativeText.Read(path, "path"), ChatTemplates.Jinja)));
            return NativeStatus.Ok;
        }
        catch (Exception e)
        {
            return LastError.Set(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wren_model_free")]
    public static void ModelFree(nint model)
    {
        if (model == 0) return;
        var handle = GCHandle.FromIntPtr(model);
        (handle.Target as WrenModel)?.Dispose();
        handle.Free();
    }

    [UnmanagedCallersOnly(EntryPoint = "wren_tokenize")]
    public static int Tokenize(nint model, byte* text, int addSpecialTokens, int** ids, int* count)
    {
        try
        {
            if (ids is null || count is null) throw new ArgumentException("out_ids or out_count is NULL");
            *ids = null;
            *count = 0;
            int[] encoded = Model(model).Tokenizer.Encode(NativeText.Read(text, "text"), addSpecialTokens != 0);
            int* copy = (int*)NativeMemory.Alloc((nuint)Math.Max(encoded.Length, 1), sizeof(int));
            encoded.CopyTo(new Span<int>(copy, encoded.Length));
            *ids = copy;
            *count = encoded.Length;
            return NativeStatus.Ok;
        }
        catch (Exception e)
        {
            return LastError.Set(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wren_chat_apply_template")]
    public static int ChatApplyTemplate(nint model, NativeChatMessage* messages, int count, int addGenerationPrompt, byte** text)
    {
        try
        {
            if (text is null) throw new ArgumentException("out_text is NULL");
            *text = null;
            if (count < 0 || (messages is null && count > 0)) throw new ArgumentException($"messages is NULL or n_messages ({count}) is negative");
            var wren = Model(model);
            if (wren.Template is null) throw new ArgumentException($"model '{wren.Name}' has no chat template");
            var conversation = new List<TemplateMessage>(count);
            for (int i = 0; i < count; i++)
                conversation.Add(new TemplateMessage(NativeText.Read(messages[i].Role, $"messages[{i}].role"), NativeText.Read(messages[i].Content, $"messages[{i}].content")));
            *text = NativeText.ToUtf8(wren.Template.Render(conversation, addGenerationPrompt != 0));
            return NativeStatus.Ok;
        }
        catch (Exception e)
        {
            return LastError.Set(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wren_generate_default_options")]
    public static NativeGenerateOptions DefaultOptions() => NativeGenerateOptions.Default;

    /// <summary>
    /// Generates from prompt ids on the calling thread: <paramref name="onToken"/> sees every token id with the text it
    /// released (empty while a character is incomplete; id -1 for text released at the end), and stops the generation by
    /// returning nonzero (then the result is <see cref="NativeStatus.Cancelled"/>). Stops at the model's stop ids.
    /// </summary>
    [UnmanagedCallersOnly(EntryPoint = "wren_generate")]
    public static int Generate(nint model, int* promptIds, int promptCount, NativeGenerateOptions* options,
        delegate* unmanaged<int, byte*, void*, int> onToken, void* userData)
    {
        try
        {
            var wren = Model(model);
            if (promptIds is null || promptCount <= 0) throw new ArgumentException("the prompt is empty (prompt_ids is NULL or n_prompt is 0)");
            var o = options is null ? NativeGenerateOptions.Default : *options;
            int[] prompt = new ReadOnlySpan<int>(promptIds, promptCount).ToArray();
            int vocabulary = wren.Model.Config.VocabSize;
            for (int i = 0; i < prompt.Length; i++)
                if ((uint)prompt[i] >= (uint)vocabulary) throw new ArgumentException($"prompt_ids[{i}] = {prompt[i]} is outside the vocabulary (0..{vocabulary - 1})");
            var sampling = new SamplingOptions { Temperature = o.Temperature, TopP = o.TopP, TopK = o.TopK, Seed = o.HasSeed != 0 ? o.Seed : null };
            sampling.Validate();
            if (o.MaxTokens <= 0) throw new ArgumentException($"max_tokens must be positive (got {o.MaxTokens})");

            using var cancel = new CancellationTokenSource();
            using var scheduler = new GenerationScheduler(wren, new GenerationSchedulerOptions { Parallel = 1, MaxQueue = 0, Threads = o.Threads > 0 ? o.Threads : null });
            var generation = scheduler.Submit(new TextGenerationRequest { PromptIds = prompt, MaxTokens = o.MaxTokens, Sampling = sampling }, cancel.Token);
            // Read on this thread (not in an async continuation) so the callback runs on the thread that called wren_generate.
            var chunks = generation.Chunks;
            var text = new PieceBuffer();
            while (chunks.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                while (chunks.TryRead(out var chunk))
                {
                    if (onToken is null) continue;
                    byte* piece = text.WriteNullTerminated(chunk.Text);
                    if (onToken(chunk.TokenId, piece, userData) != 0)
                    {
                        cancel.Cancel();
                        return NativeStatus.Cancelled;
                    }
                }
            }
            generation.Completion.GetAwaiter().GetResult();
            return NativeStatus.Ok;
        }
        catch (Exception e)
        {
            return LastError.Set(e);
        }
    }

    [UnmanagedCallersOnly(EntryPoint = "wren_free")]
    public static void Free(void* memory) => NativeMemory.Free(memory);

    [UnmanagedCallersOnly(EntryPoint = "wren_last_error")]
    public static byte* LastErrorMessage() => LastError.Pointer;

    private static WrenModel Model(nint handle)
    {
        if (handle == 0) throw new ArgumentException("model is NULL");
        return GCHandle.FromIntPtr(handle).Target as WrenModel ?? throw new ArgumentException("model was freed");
    }
}
