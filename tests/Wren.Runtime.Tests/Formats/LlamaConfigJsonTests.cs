using Wren.Runtime.Formats.HuggingFace;

namespace Wren.Runtime.Tests.Formats;

public sealed class LlamaConfigJsonTests
{
    [Fact]
    public void Transformers5ConfigReadsThetaFromRopeParameters()
    {
        var c = LlamaConfigJson.Load(HfReference.Folder("tiny-llama"));
        Assert.Equal(ModelArchitecture.Llama, c.Architecture);
        Assert.Equal((64, 176, 2, 4, 2, 16, 1024), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim, c.VocabSize));
        Assert.Equal(1e4, c.RopeTheta);
        Assert.Equal(1e-5, c.RmsNormEps);
        Assert.True(c.TieWordEmbeddings);
        Assert.False(c.QkvBias);
        Assert.Equal([0], c.EosTokenIds);
    }

    [Fact]
    public void Qwen2HasQkvBiasesAndItsOwnTheta()
    {
        var c = LlamaConfigJson.Load(HfReference.Folder("tiny-qwen2"));
        Assert.Equal(ModelArchitecture.Qwen2, c.Architecture);
        Assert.True(c.QkvBias);
        Assert.False(c.AttentionBias);
        Assert.Equal(1e6, c.RopeTheta);
        Assert.False(c.TieWordEmbeddings);
        Assert.Null(c.SlidingWindow);
    }

    [Fact]
    public void Transformers4ConfigWithLlama3ScalingAndTopLevelTheta()
    {
        const string json = """
        {"architectures":["LlamaForCausalLM"],"hidden_size":2048,"intermediate_size":8192,"num_hidden_layers":16,
         "num_attention_heads":32,"num_key_value_heads":8,"vocab_size":128256,"rms_norm_eps":1e-5,"rope_theta":500000.0,
         "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,"original_max_position_embeddings":8192,"rope_type":"llama3"},
         "max_position_embeddings":131072,"tie_word_embeddings":true,"eos_token_id":[128001,128008,128009],"attention_bias":false}
        """;
        var c = LlamaConfigJson.Parse(json, "config.json");
        Assert.Equal(500000, c.RopeTheta);
        Assert.Equal(64, c.HeadDim);
        Assert.Equal(new RopeScaling("llama3", 32, 1, 4, 8192), c.RopeScaling);
        Assert.Equal([128001, 128008, 128009], c.EosTokenIds);

        // Wavelengths shorter than 8192/4 keep their frequency; longer than 8192 are divided by 32.
        var inv = Wren.Runtime.Models.RotaryEmbedding.ComputeInverseFrequencies(c);
        Assert.Equal(1f, inv[0]);
        float plain = 1f / (float)Math.Pow(500000, 62.0 / 64);
        Assert.Equal(plain / 32, inv[31], 1e-12f);
    }

    [Fact]
    public void LinearScalingDividesEveryFrequency()
    {
        var c = LlamaConfigJson.Parse("""{"model_type":"llama","hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"rope_scaling":{"type":"linear","factor":4.0}}""", "c");
        Assert.Equal("linear", c.RopeScaling.Type);
        var inv = Wren.Runtime.Models.RotaryEmbedding.ComputeInverseFrequencies(c);
        Assert.Equal(0.25f, inv[0]);
        Assert.Equal(2, c.NumKeyValueHeads); // defaults to the attention heads
    }

    [Fact]
    public void Phi4MiniStyleConfigReadsLongRopePartialRotaryAndTheTopLevelOriginalContext()
    {
        // Phi-3.5-mini/Phi-4-mini's spelling (transformers 4): "type" su/longrope, original_max_position_embeddings at the top.
        string factors = string.Join(",", Enumerable.Range(0, 6).Select(i => (1 + i * 0.5).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        string json = $$$"""
        {"architectures":["Phi3ForCausalLM"],"model_type":"phi3","hidden_size":64,"intermediate_size":128,"num_hidden_layers":1,
         "num_attention_heads":4,"num_key_value_heads":2,"vocab_size":100,"max_position_embeddings":131072,
         "original_max_position_embeddings":4096,"partial_rotary_factor":0.75,"rope_theta":10000.0,"sliding_window":262144,
         "rope_scaling":{"type":"su","short_factor":[{{{factors}}}],"long_factor":[{{{factors}}}]}}
        """;
        var c = LlamaConfigJson.Parse(json, "config.json");
        Assert.Equal(ModelArchitecture.Phi3, c.Architecture);
        Assert.Equal(12, c.RotaryDim);
        Assert.Equal("longrope", c.RopeScaling.Type);
        Assert.Equal(4096, c.RopeScaling.OriginalMaxPositionEmbeddings);
        Assert.Equal(262144, c.SlidingWindow);
        // transformers' default attention factor: sqrt(1 + ln(131072 / 4096) / ln 4096).
        Assert.Equal(Math.Sqrt(1 + Math.Log(32) / Math.Log(4096)), c.RopeScaling.LongRopeAttentionFactor(c.MaxPositionEmbeddings), 12);

        // Written back and read again, the config is the same (transformers 5 spelling, the original context at the top too).
        var again = LlamaConfigJson.Parse(LlamaConfigJson.ToJson(c), "again");
        Assert.Equal(c.RotaryDim, again.RotaryDim);
        Assert.Equal(c.RopeScaling.ShortFactor, again.RopeScaling.ShortFactor);
        Assert.Equal(c.RopeScaling.LongFactor, again.RopeScaling.LongFactor);
        Assert.Equal(4096, again.RopeScaling.OriginalMaxPositionEmbeddings);
    }

    /// <summary>microsoft/phi-2's config.json as published (transformers 4.37).</summary>
    private const string Phi2Json = """
        {"_name_or_path":"microsoft/phi-2","architectures":["PhiForCausalLM"],"attention_dropout":0.0,"bos_token_id":50256,
         "embd_pdrop":0.0,"eos_token_id":50256,"hidden_act":"gelu_new","hidden_size":2560,"initializer_range":0.02,
         "intermediate_size":10240,"layer_norm_eps":1e-05,"max_position_embeddings":2048,"model_type":"phi",
         "num_attention_heads":32,"num_hidden_layers":32,"num_key_value_heads":32,"partial_rotary_factor":0.4,
         "qk_layernorm":false,"resid_pdrop":0.1,"rope_scaling":null,"rope_theta":10000.0,"tie_word_embeddings":false,
         "torch_dtype":"float16","transformers_version":"4.37.0","use_cache":true,"vocab_size":51200}
        """;

    [Fact]
    public void Phi2sPublishedConfigReadsAsItsLayerNormBiasedPartialRotaryModelAndRoundTrips()
    {
        var c = LlamaConfigJson.Parse(Phi2Json, "config.json");
        Assert.Equal(ModelArchitecture.Phi2, c.Architecture);
        Assert.Equal(80, c.HeadDim);
        Assert.Equal(32, c.RotaryDim);
        Assert.Equal(1e-5, c.RmsNormEps);
        Assert.True(c.AttentionBias && c.MlpBias && !c.TieWordEmbeddings);
        // Phi-2's published size: the described tensors (biases, LayerNorm biases and the head's bias included) add up to it.
        Assert.Equal(2_779_683_840, c.ParameterCount);

        var again = LlamaConfigJson.Parse(LlamaConfigJson.ToJson(c), "again");
        Assert.Equal(c, again with { EosTokenIds = c.EosTokenIds });
        Assert.Contains("\"layer_norm_eps\"", LlamaConfigJson.ToJson(c), StringComparison.Ordinal);
        Assert.Contains("\"gelu_new\"", LlamaConfigJson.ToJson(c), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"qk_layernorm\":false", "\"qk_layernorm\":true", "qk_layernorm")]
    [InlineData("\"tie_word_embeddings\":false", "\"tie_word_embeddings\":true", "tie_word_embeddings")]
    [InlineData("\"gelu_new\"", "\"gelu\"", "hidden_act 'gelu'")]
    public void Phi2SettingsWrenDoesNotRunAreRefusedByName(string from, string to, string named)
    {
        var e = Assert.Throws<WrenException>(() => LlamaConfigJson.Parse(Phi2Json.Replace(from, to, StringComparison.Ordinal), "config.json"));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("config.json: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LongRopeUsesTheShortFactorsWithinTheOriginalContextAndTheLongOnesBeyondScalingCosAndSin()
    {
        var c = LlamaConfigJson.Parse("""
        {"model_type":"phi3","hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,
         "max_position_embeddings":64,"original_max_position_embeddings":16,
         "rope_scaling":{"type":"longrope","short_factor":[1.0,2.0],"long_factor":[4.0,8.0]}}
        """, "c");
        var plain = Wren.Runtime.Models.RotaryEmbedding.ComputeInverseFrequencies(c with { RopeScaling = RopeScaling.None });
        var within = new Wren.Runtime.Models.RotaryEmbedding(c, 16);
        var beyond = new Wren.Runtime.Models.RotaryEmbedding(c, 17);
        Assert.Equal(plain[1] / 2, within.InverseFrequencies[1], 1e-9f);
        Assert.Equal(plain[1] / 8, beyond.InverseFrequencies[1], 1e-9f);
        float attention = (float)Math.Sqrt(1 + Math.Log(4) / Math.Log(16));
        Assert.Equal(attention, within.Cos(0)[0], 1e-6f);
        Assert.Equal(attention * MathF.Sin(3 * beyond.InverseFrequencies[0]), beyond.Sin(3)[0], 1e-6f);
    }

    [Fact]
    public void MistralKeepsItsSlidingWindow()
    {
        var c = LlamaConfigJson.Parse("""{"architectures":["MistralForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"num_key_value_heads":1,"vocab_size":10,"sliding_window":4096}""", "c");
        Assert.Equal(ModelArchitecture.Mistral, c.Architecture);
        Assert.Equal(4096, c.SlidingWindow);
    }

    [Fact]
    public void OtherArchitecturesAreRejectedByName()
    {
        var e = Assert.Throws<WrenException>(() => LlamaConfigJson.Parse("""{"architectures":["GPT2LMHeadModel"],"hidden_size":8}""", "gpt2/config.json"));
        Assert.Contains("GPT2LMHeadModel", e.Message);
        Assert.Contains("gpt2/config.json", e.Message);
    }

    [Theory]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":3,"num_key_value_heads":2,"vocab_size":10}""", "multiple")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10}""", "hidden_size")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":"big","intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10}""", "hidden_size")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"hidden_act":"gelu"}""", "gelu")]
    [InlineData("""{"architectures":["LlamaForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":1,"num_attention_heads":2,"vocab_size":10,"rope_scaling":{"rope_type":"yarn","factor":2}}""", "yarn")]
    [InlineData("""{"architectures":["Gemma3ForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":2,"num_attention_heads":2,"vocab_size":10,"sliding_window":4,"layer_types":["sliding_attention",7]}""", "layer_types")]
    [InlineData("""{"architectures":["Gemma3ForCausalLM"],"hidden_size":8,"intermediate_size":16,"num_hidden_layers":2000000000,"num_attention_heads":2,"vocab_size":10,"sliding_window":4}""", "num_hidden_layers")]
    public void InconsistentConfigsNameTheField(string json, string expected)
    {
        var e = Assert.Throws<WrenException>(() => LlamaConfigJson.Parse(json, "x/config.json"));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WrittenConfigReadsBackEqual()
    {
        var c = LlamaConfigJson.Load(HfReference.Folder("tiny-qwen2"));
        var back = LlamaConfigJson.Parse(LlamaConfigJson.ToJson(c), "roundtrip");
        Assert.Equal(c with { EosTokenIds = [] }, back with { EosTokenIds = [] });
        Assert.Equal(c.EosTokenIds, back.EosTokenIds);
    }

    [Fact]
    public void Gemma3ConfigGivesSlidingAndGlobalLayersTheirRopeBasesAndScale()
    {
        // Gemma 3 1B's config.json (transformers 4.50).
        const string json = """
            {"architectures": ["Gemma3ForCausalLM"], "attention_bias": false, "attn_logit_softcapping": null, "bos_token_id": 2,
             "eos_token_id": [1, 106], "final_logit_softcapping": null, "head_dim": 256, "hidden_activation": "gelu_pytorch_tanh",
             "hidden_size": 1152, "intermediate_size": 6912, "max_position_embeddings": 32768, "model_type": "gemma3_text",
             "num_attention_heads": 4, "num_hidden_layers": 26, "num_key_value_heads": 1, "pad_token_id": 0, "query_pre_attn_scalar": 256,
             "rms_norm_eps": 1e-06, "rope_local_base_freq": 10000, "rope_scaling": null, "rope_theta": 1000000, "sliding_window": 512,
             "sliding_window_pattern": 6, "torch_dtype": "bfloat16", "vocab_size": 262144}
            """;
        var c = LlamaConfigJson.Parse(json, "gemma-3-1b");
        Assert.Equal(ModelArchitecture.Gemma3, c.Architecture);
        Assert.True(c.TieWordEmbeddings); // Gemma's default
        Assert.Equal(512, c.WindowOf(0));
        Assert.Null(c.WindowOf(5));
        Assert.Null(c.WindowOf(11));
        Assert.Equal(512, c.WindowOf(25));
        Assert.True(c.UsesLocalRope(4));
        Assert.False(c.UsesLocalRope(5));
        Assert.Equal(10000, c.LocalRopeTheta);
        Assert.Equal(1e6, c.RopeTheta);
        Assert.Equal(1f / 16, c.AttentionScale);
        Assert.Null(c.AttnLogitSoftcapping);
        Assert.Null(c.FinalLogitSoftcapping);
        Assert.Equal(c, LlamaConfigJson.Parse(LlamaConfigJson.ToJson(c), "roundtrip") with { EosTokenIds = c.EosTokenIds, SlidingLayers = c.SlidingLayers });
        Assert.Equal(c.SlidingLayers, LlamaConfigJson.Parse(LlamaConfigJson.ToJson(c), "roundtrip").SlidingLayers);
    }

    [Fact]
    public void Gemma2ConfigSlidesEveryOtherLayerAndCapsItsLogits()
    {
        // Gemma 2 2B's config.json.
        const string json = """
            {"architectures": ["Gemma2ForCausalLM"], "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0, "head_dim": 256,
             "hidden_act": "gelu_pytorch_tanh", "hidden_activation": "gelu_pytorch_tanh", "hidden_size": 2304, "intermediate_size": 9216,
             "max_position_embeddings": 8192, "model_type": "gemma2", "num_attention_heads": 8, "num_hidden_layers": 26,
             "num_key_value_heads": 4, "query_pre_attn_scalar": 256, "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "sliding_window": 4096,
             "vocab_size": 256000}
            """;
        var c = LlamaConfigJson.Parse(json, "gemma-2-2b");
        Assert.Equal(ModelArchitecture.Gemma2, c.Architecture);
        Assert.Equal(4096, c.WindowOf(0));
        Assert.Null(c.WindowOf(1));
        Assert.Equal(50, c.AttnLogitSoftcapping);
        Assert.Equal(30, c.FinalLogitSoftcapping);
        Assert.Null(c.LocalRopeTheta);
    }

    [Fact]
    public void AGemmaWithAnotherActivationIsRefusedByName()
    {
        var e = Assert.Throws<WrenException>(() => LlamaConfigJson.Parse(
            """{"architectures": ["Gemma2ForCausalLM"], "hidden_activation": "relu", "hidden_size": 8, "intermediate_size": 8, "num_hidden_layers": 1, "num_attention_heads": 1, "vocab_size": 8}""",
            "gemma.json"));
        Assert.Contains("hidden_activation 'relu'", e.Message);
    }
}
