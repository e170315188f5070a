using System.Text.Json;
using System.Text.RegularExpressions;
using Wren.Runtime.Constraints;
using Wren.Runtime.Generation;
using Wren.Runtime.Tokenization;
using Wren.Tests.Peers;

namespace Wren.Runtime.Tests.Constraints;

public sealed class TokenConstraintTests
{
    public static TheoryData<string, string> Schemas => new()
    {
        { "object with required and optional keys", """{"type":"object","properties":{"name":{"type":"string","maxLength":12},"age":{"type":"integer","minimum":0,"maximum":150},"email":{"type":"string","format":"email"},"vip":{"type":"boolean"}},"required":["name","age"],"additionalProperties":false}""" },
        { "strict-mode object (all required, nullable)", """{"type":"object","properties":{"city":{"type":["string","null"]},"temp":{"type":"number","minimum":-40,"maximum":55.5},"unit":{"enum":["C","F"]}},"required":["city","temp","unit"],"additionalProperties":false}""" },
        { "array with bounds", """{"type":"array","items":{"type":"integer","minimum":-5,"maximum":1234},"minItems":2,"maxItems":5}""" },
        { "unbounded array of strings with lengths", """{"type":"array","items":{"type":"string","minLength":2,"maxLength":4}}""" },
        { "string with pattern", """{"type":"string","pattern":"^[A-Z]{2}-[0-9]{3,5}(-x)?$"}""" },
        { "unanchored pattern with a length", """{"type":"string","pattern":"ab","maxLength":6}""" },
        { "formats", """{"type":"object","properties":{"d":{"type":"string","format":"date"},"t":{"type":"string","format":"date-time"},"u":{"type":"string","format":"uuid"},"ip":{"type":"string","format":"ipv4"}},"required":["d","t","u","ip"],"additionalProperties":false}""" },
        { "numbers with exclusive bounds", """{"type":"array","items":{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":3},"minItems":3,"maxItems":3}""" },
        { "negative integer range", """{"type":"integer","minimum":-1000,"maximum":-17}""" },
        { "enum and const", """{"type":"object","properties":{"kind":{"enum":["bug","feature",3,null,{"a":[1]}]},"v":{"const":"1.0"}},"required":["kind","v"],"additionalProperties":false}""" },
        { "$defs and a recursive $ref", """{"$defs":{"node":{"type":"object","properties":{"label":{"type":"string","maxLength":3},"children":{"type":"array","items":{"$ref":"#/$defs/node"},"maxItems":2}},"required":["label","children"],"additionalProperties":false}},"$ref":"#/$defs/node"}""" },
        { "anyOf of distinct types", """{"anyOf":[{"type":"integer","minimum":1,"maximum":9},{"type":"string","maxLength":2},{"type":"array","items":{"type":"boolean"},"maxItems":2}]}""" },
        { "a map of additional properties", """{"type":"object","additionalProperties":{"type":"integer","minimum":0,"maximum":9}}""" },
        { "any JSON value", """{}""" },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void RandomLogitsUnderASchemaAlwaysGiveValidJson(string what, string schema)
    {
        var constraint = TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024);
        for (int seed = 0; seed < 25; seed++)
        {
            var (text, complete, _) = ConstrainedRandomText.Generate(constraint, seed, maxTokens: 120);
            Assert.True(complete, $"{what}, seed {seed}: incomplete after 120 tokens: {text}");
            string? error = JsonSchemaPeer.Validate(schema, text);
            Assert.True(error is null, $"{what}, seed {seed}: {text} -> {error}");
        }
    }

    [Fact]
    public void ATightTokenBudgetStillEndsInAValidValue()
    {
        // Unbounded strings and arrays: a random model would ramble; the budget steers it to close everything in time.
        string schema = """{"type":"object","properties":{"title":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"n":{"type":"number"}},"required":["title","tags","n"],"additionalProperties":false}""";
        var constraint = TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024);
        foreach (int budget in new[] { 26, 30, 40 })
        {
            for (int seed = 0; seed < 10; seed++)
            {
                var (text, complete, tokens) = ConstrainedRandomText.Generate(constraint, seed, budget);
                Assert.True(complete, $"budget {budget}, seed {seed}: {text}");
                Assert.True(tokens <= budget);
                Assert.Null(JsonSchemaPeer.Validate(schema, text));
            }
        }
    }

    [Fact]
    public void ASentencePieceStyleTokenizerThatStripsALeadingSpaceStillGivesValidJson()
    {
        // Llama-2-style: "▁" for spaces, byte fallback, and a decoder that strips the first space of the text.
        var tokenizer = BpeTokenizer.Load(Path.Combine(AppContext.BaseDirectory, "TestData", "tokenizer", "llama2-style", "tokenizer.json"));
        string schema = """{"type":"object","properties":{"name":{"type":"string","maxLength":8},"n":{"type":"integer"}},"required":["name","n"],"additionalProperties":false}""";
        var constraint = TokenConstraint.ForJsonSchema(schema, tokenizer, tokenizer.VocabularySize);
        for (int seed = 0; seed < 15; seed++)
        {
            var matcher = constraint.CreateMatcher([]);
            var sampler = new TokenSampler(tokenizer.VocabularySize, new SamplingOptions { Temperature = 1f, Seed = seed });
            var random = new Random(seed);
            var logits = new float[tokenizer.VocabularySize];
            var ids = new List<int>();
            for (int step = 0; step < 60 && !(matcher.IsComplete && !matcher.CanContinue); step++)
            {
                for (int i = 0; i < logits.Length; i++) logits[i] = (float)random.NextDouble() * 4;
                ids.Add(matcher.Sample(sampler, logits, 60 - step));
            }
            string text = tokenizer.Decode([.. ids], skipSpecialTokens: true);
            Assert.True(matcher.IsComplete, text);
            Assert.True(JsonSchemaPeer.Validate(schema, text) is null, $"seed {seed}: {text}");
        }
    }

    [Fact]
    public void JsonObjectModeGivesAnObject()
    {
        var constraint = TokenConstraint.ForJsonObject(ConstrainedRandomText.Tokenizer, 1024);
        for (int seed = 0; seed < 20; seed++)
        {
            var (text, complete, _) = ConstrainedRandomText.Generate(constraint, seed, 80);
            Assert.True(complete, text);
            using var doc = JsonDocument.Parse(text);
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        }
    }

    [Fact]
    public void ALabelConstraintAnswersWithOneOfTheLabels()
    {
        string[] labels = ["billing", "bug report", "billing dispute", "other"];
        var constraint = TokenConstraint.ForLabels(labels, ConstrainedRandomText.Tokenizer, 1024);
        var seen = new HashSet<string>();
        for (int seed = 0; seed < 40; seed++)
        {
            var (text, complete, _) = ConstrainedRandomText.Generate(constraint, seed, 20);
            Assert.True(complete);
            Assert.Contains(text, labels);
            seen.Add(text);
        }
        Assert.True(seen.Count >= 3, string.Join(",", seen));
    }

    [Fact]
    public void PatternOutputsMatchDotNetRegex()
    {
        string[] patterns = [@"^\d{3}-[a-f0-9]{2,4}$", @"^(cat|dog)s?( \w+)*$", @"^[^\d""\\]{1,6}$", @"^\S+@\S+\.(com|org)$", @"^.{0,5}\.$", @"^[\u00e0-\u00ff]{2}$"];
        foreach (string pattern in patterns)
        {
            string schema = JsonSerializer.Serialize(new { type = "string", pattern });
            var constraint = TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024);
            for (int seed = 0; seed < 20; seed++)
            {
                var (text, complete, _) = ConstrainedRandomText.Generate(constraint, seed, 60);
                Assert.True(complete, $"{pattern}: {text}");
                string value = JsonSerializer.Deserialize<string>(text)!;
                Assert.Matches(new Regex(pattern, RegexOptions.ECMAScript), value);
            }
        }
    }

    [Theory]
    [InlineData("""{"type":"string","pattern":"^(a)\\1$"}""", "#/pattern")]
    [InlineData("""{"type":"string","pattern":"(?=x)x"}""", "lookaround")]
    [InlineData("""{"type":"object","properties":{"a":{"not":{"type":"string"}}}}""", "#/properties/a/not")]
    [InlineData("""{"type":"array","uniqueItems":true}""", "#/uniqueItems")]
    [InlineData("""{"$ref":"#/$defs/missing"}""", "points at nothing")]
    [InlineData("""{"type":"object","required":["x"]}""", "'x' has no schema")]
    [InlineData("""{"type":"integer","minimum":5,"maximum":4}""", "no integer lies within")]
    [InlineData("""{"anyOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},{"type":"object","properties":{"a":{"type":"string","maxLength":2}},"required":["a"]}]}""", "both start with '\"'")]
    [InlineData("""{"type":"strin"}""", "unknown type 'strin'")]
    [InlineData("""{"type": """, "not valid JSON")]
    [InlineData("""{"type":"string","pattern":"^[ab]*a[ab]{18}$"}""", "more than 50,000 automaton states")]
    [InlineData("""{"type":"string","maxLength":100000}""", "above the 2048")]
    public void AnUnsupportedOrInvalidSchemaIsRefusedWithWhereAndWhy(string schema, string expected)
    {
        var e = Assert.Throws<WrenException>(() => TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void TheSameSchemaCompilesOnceAndKeepsItsStateMasks()
    {
        string schema = """{"type":"object","properties":{"q":{"type":"string","maxLength":5}},"required":["q"],"additionalProperties":false}""";
        var first = TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024);
        ConstrainedRandomText.Generate(first, 1, 30);
        int cached = first.CachedStateCount;
        Assert.True(cached > 0 && cached <= first.StateCount);
        Assert.Same(first, TokenConstraint.ForJsonSchema(schema, ConstrainedRandomText.Tokenizer, 1024));
    }
}
