using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Wren.Runtime.Constraints;

/// <summary>
/// Writes a JSON Schema as a <see cref="ByteNfa"/> whose language is compact JSON (no whitespace between tokens)
/// that validates against the schema. Supported: type (one or a list), enum, const, anyOf/oneOf (alternatives that
/// differ in their first character), allOf of one schema, $ref into the document ($defs, definitions, #) including
/// recursion, objects (properties in schema order, required ones always present, optional ones skippable; without
/// properties, a map of string keys to additionalProperties or any value), arrays (items, minItems, maxItems),
/// strings (minLength, maxLength, pattern, and the formats date, time, date-time, uuid, email, ipv4 as patterns),
/// integers and numbers with minimum/maximum/exclusiveMinimum/exclusiveMaximum, booleans and null. An object whose
/// additionalProperties is not false gets only its declared properties: still valid, and what strict mode asks.
/// Keywords whose meaning an automaton cannot keep (not, if/then/else, uniqueItems, multipleOf, ...) are refused
/// with their path, so a request never gets output that silently ignores part of its schema.
/// </summary>
internal sealed class JsonSchemaCompiler
{
    /// <summary>maxLength, minLength, minItems and maxItems are unrolled into states; above this they are refused.</summary>
    public const int MaxUnrolled = 2048;

    private static readonly HashSet<string> Refused =
    [
        "not", "if", "then", "else", "patternProperties", "dependentRequired", "dependentSchemas", "propertyNames", "contains",
        "minContains", "maxContains", "uniqueItems", "multipleOf", "minProperties", "maxProperties", "prefixItems",
        "unevaluatedProperties", "unevaluatedItems", "$dynamicRef", "$recursiveRef", "contentSchema",
    ];

    private static readonly Dictionary<string, string> FormatPatterns = new()
    {
        ["date"] = @"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
        ["time"] = @"^([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
        ["date-time"] = @"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$",
        ["uuid"] = @"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        ["email"] = @"^[a-z0-9]([a-z0-9._-]{0,30}[a-z0-9])?@[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?(\.[a-z]{2,6}){1,2}$",
        ["ipv4"] = @"^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$",
    };

    private static readonly JsonWriterOptions CompactWriter = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    private readonly ByteNfa _nfa = new();
    private readonly JsonElement _root;
    private readonly Dictionary<string, int> _refFragments = [];
    private readonly HashSet<string> _inlining = [];
    private int _anyFragment = -1;
    private int _stringFragment = -1;

    private JsonSchemaCompiler(JsonElement root) => _root = root;

    /// <summary>The automaton of a schema (null: any JSON object, OpenAI's json_object mode).</summary>
    /// <param name="leadingSpaces">Spaces the tokenizer's decoder strips from the start of a text: allowed before the value.</param>
    public static (ByteNfa Nfa, int Root) Compile(JsonElement? schema, int leadingSpaces)
    {
        var compiler = new JsonSchemaCompiler(schema ?? default);
        var nfa = compiler._nfa;
        int root = nfa.AddFragment("#");
        var (start, accept, _) = nfa.Fragments[root];
        int body = nfa.AddOptionalSpaces(start, leadingSpaces);
        if (schema is null) compiler.AddMap(null, "#", body, accept);
        else compiler.AddValue(schema.Value, "#", body, accept);
        return (nfa, root);
    }

    private void AddValue(JsonElement s, string path, int from, int to)
    {
        if (s.ValueKind == JsonValueKind.True)
        {
            _nfa.AddCall(from, AnyFragment(), to);
            return;
        }
        if (s.ValueKind == JsonValueKind.False) throw new WrenException($"{path}: the schema is false, so no value is valid");
        if (s.ValueKind != JsonValueKind.Object) throw new WrenException($"{path}: a schema must be an object or a boolean, not {s.ValueKind}");
        foreach (var p in s.EnumerateObject())
        {
            if (Refused.Contains(p.Name)) throw new WrenException($"{path}/{p.Name}: not supported in constrained generation");
        }
        if (s.TryGetProperty("$ref", out var reference))
        {
            AddRef(reference, path, from, to);
            return;
        }
        if (s.TryGetProperty("const", out var constant))
        {
            _nfa.AddLiteral(from, Compact(constant), to);
            return;
        }
        if (s.TryGetProperty("enum", out var values))
        {
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0) throw new WrenException($"{path}/enum: must be a non-empty array");
            foreach (var v in values.EnumerateArray()) _nfa.AddLiteral(from, Compact(v), to);
            return;
        }
        foreach (string key in new[] { "anyOf", "oneOf" })
        {
            if (!s.TryGetProperty(key, out var options)) continue;
            if (options.ValueKind != JsonValueKind.Array || options.GetArrayLength() == 0) throw new WrenException($"{path}/{key}: must be a non-empty array");
            int i = 0;
            foreach (var option in options.EnumerateArray()) AddValue(option, $"{path}/{key}/{i++}", from, to);
            return;
        }
        if (s.TryGetProperty("allOf", out var all))
        {
            if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() != 1) throw new WrenException($"{path}/allOf: only an allOf of one schema is supported");
            AddValue(all[0], path + "/allOf/0", from, to);
            return;
        }
        var types = new List<string>();
        if (s.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String) types.Add(type.GetString()!);
            else if (type.ValueKind == JsonValueKind.Array) types.AddRange(type.EnumerateArray().Select(t => t.GetString() ?? throw new WrenException($"{path}/type: must list strings")));
            else throw new WrenException($"{path}/type: must be a string or a list of strings");
        }
        else if (s.TryGetProperty("properties", out _) || s.TryGetProperty("required", out _) || s.TryGetProperty("additionalProperties", out _)) types.Add("object");
        else if (s.TryGetProperty("items", out _) || s.TryGetProperty("minItems", out _) || s.TryGetProperty("maxItems", out _)) types.Add("array");
        else if (s.TryGetProperty("pattern", out _) || s.TryGetProperty("minLength", out _) || s.TryGetProperty("maxLength", out _) || s.TryGetProperty("format", out _)) types.Add("string");
        else if (s.TryGetProperty("minimum", out _) || s.TryGetProperty("maximum", out _) || s.TryGetProperty("exclusiveMinimum", out _) || s.TryGetProperty("exclusiveMaximum", out _)) types.Add("number");
        else
        {
            _nfa.AddCall(from, AnyFragment(), to);
            return;
        }
        if (types.Contains("integer") && types.Contains("number")) types.Remove("integer");
        foreach (string t in types)
        {
            switch (t)
            {
                case "object": AddObject(s, path, from, to); break;
                case "array": AddArray(s, path, from, to); break;
                case "string": AddString(s, path, from, to); break;
                case "integer": AddNumber(s, path, integer: true, from, to); break;
                case "number": AddNumber(s, path, integer: false, from, to); break;
                case "boolean":
                    _nfa.AddLiteral(from, "true"u8, to);
                    _nfa.AddLiteral(from, "false"u8, to);
                    break;
                case "null": _nfa.AddLiteral(from, "null"u8, to); break;
                default: throw new WrenException($"{path}/type: unknown type '{t}'");
            }
        }
    }

    /// <summary>A $ref: inlined (so alternatives merge), or called where it refers to itself (recursion needs the stack).</summary>
    private void AddRef(JsonElement reference, string path, int from, int to)
    {
        string pointer = reference.GetString() ?? throw new WrenException($"{path}/$ref: must be a string");
        if (_inlining.Contains(pointer))
        {
            _nfa.AddCall(from, RefFragment(pointer, path), to);
            return;
        }
        var target = Resolve(pointer, path);
        _inlining.Add(pointer);
        AddValue(target, pointer, from, to);
        _inlining.Remove(pointer);
    }

    private int RefFragment(string pointer, string path)
    {
        if (_refFragments.TryGetValue(pointer, out int f)) return f;
        f = _nfa.AddFragment(pointer);
        _refFragments[pointer] = f;
        var (start, accept, _) = _nfa.Fragments[f];
        AddValue(Resolve(pointer, path), pointer, start, accept);
        return f;
    }

    private JsonElement Resolve(string pointer, string path)
    {
        if (!pointer.StartsWith('#')) throw new WrenException($"{path}/$ref: only references into the same document (#/...) are supported, not '{pointer}'");
        var at = _root;
        foreach (string raw in pointer[1..].Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            string part = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            if (at.ValueKind == JsonValueKind.Object && at.TryGetProperty(part, out var next)) at = next;
            else if (at.ValueKind == JsonValueKind.Array && int.TryParse(part, CultureInfo.InvariantCulture, out int i) && i >= 0 && i < at.GetArrayLength()) at = at[i];
            else throw new WrenException($"{path}/$ref: '{pointer}' points at nothing in the schema");
        }
        return at;
    }

    /// <summary>A nested value (a property's or an item's): a call, so each nested schema is compiled once.</summary>
    private void AddNested(JsonElement s, string path, int from, int to)
    {
        if (s.ValueKind == JsonValueKind.Object && s.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String && !s.EnumerateObject().Skip(1).Any())
        {
            _nfa.AddCall(from, RefFragment(r.GetString()!, path), to);
            return;
        }
        int f = _nfa.AddFragment(path);
        var (start, accept, _) = _nfa.Fragments[f];
        AddValue(s, path, start, accept);
        _nfa.AddCall(from, f, to);
    }

    private void AddObject(JsonElement s, string path, int from, int to)
    {
        var required = new HashSet<string>();
        if (s.TryGetProperty("required", out var req))
        {
            foreach (var r in req.EnumerateArray()) required.Add(r.GetString() ?? throw new WrenException($"{path}/required: must list strings"));
        }
        var properties = new List<(string Name, JsonElement Schema)>();
        if (s.TryGetProperty("properties", out var props))
        {
            if (props.ValueKind != JsonValueKind.Object) throw new WrenException($"{path}/properties: must be an object");
            foreach (var p in props.EnumerateObject()) properties.Add((p.Name, p.Value));
        }
        foreach (string r in required)
        {
            if (!properties.Any(p => p.Name == r)) throw new WrenException($"{path}/required: '{r}' has no schema under properties");
        }
        bool closed = s.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False;
        if (properties.Count == 0 && !closed)
        {
            AddMap(additional.ValueKind is JsonValueKind.Object or JsonValueKind.True ? additional : null, path + "/additionalProperties", from, to);
            return;
        }

        // Slots between properties: [i, 0] before property i with nothing written yet, [i, 1] after something.
        int n = properties.Count;
        var slots = new int[n + 1, 2];
        for (int i = 0; i <= n; i++)
        {
            slots[i, 0] = _nfa.NewState();
            slots[i, 1] = _nfa.NewState();
        }
        _nfa.AddBytes(from, (byte)'{', (byte)'{', slots[0, 0]);
        for (int i = 0; i < n; i++)
        {
            var (name, schema) = properties[i];
            byte[] key = [.. Compact(name), (byte)':'];
            // The value is one fragment shared by both slots.
            int f = _nfa.AddFragment($"{path}/properties/{name}");
            var (fs, fa, _) = _nfa.Fragments[f];
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String && !schema.EnumerateObject().Skip(1).Any())
                _nfa.AddCall(fs, RefFragment(r.GetString()!, path), fa);
            else
                AddValue(schema, $"{path}/properties/{name}", fs, fa);
            for (int written = 0; written < 2; written++)
            {
                int afterKey = _nfa.NewState();
                _nfa.AddLiteral(slots[i, written], written == 0 ? key : [(byte)',', .. key], afterKey);
                _nfa.AddCall(afterKey, f, slots[i + 1, 1]);
                if (!required.Contains(name)) _nfa.AddEpsilon(slots[i, written], slots[i + 1, written]);
            }
        }
        _nfa.AddBytes(slots[n, 0], (byte)'}', (byte)'}', to);
        _nfa.AddBytes(slots[n, 1], (byte)'}', (byte)'}', to);
    }

    /// <summary>{} or {"key":value,...} with any string keys; values follow <paramref name="values"/> (null: any value).</summary>
    private void AddMap(JsonElement? values, string path, int from, int to)
    {
        int open = _nfa.NewState(), afterKey = _nfa.NewState(), afterValue = _nfa.NewState(), comma = _nfa.NewState();
        _nfa.AddBytes(from, (byte)'{', (byte)'{', open);
        _nfa.AddBytes(open, (byte)'}', (byte)'}', to);
        int valueFragment;
        if (values is null) valueFragment = AnyFragment();
        else
        {
            valueFragment = _nfa.AddFragment(path);
            var (vs, va, _) = _nfa.Fragments[valueFragment];
            AddValue(values.Value, path, vs, va);
        }
        int keyEnd = _nfa.NewState();
        _nfa.AddCall(open, StringFragment(), keyEnd);
        _nfa.AddCall(comma, StringFragment(), keyEnd);
        _nfa.AddBytes(keyEnd, (byte)':', (byte)':', afterKey);
        _nfa.AddCall(afterKey, valueFragment, afterValue);
        _nfa.AddBytes(afterValue, (byte)',', (byte)',', comma);
        _nfa.AddBytes(afterValue, (byte)'}', (byte)'}', to);
    }

    private void AddArray(JsonElement s, string path, int from, int to)
    {
        int min = Count(s, "minItems", path) ?? 0;
        int? max = Count(s, "maxItems", path);
        if (max < min) throw new WrenException($"{path}: maxItems is below minItems");
        int item;
        if (s.TryGetProperty("items", out var items))
        {
            if (items.ValueKind == JsonValueKind.Array) throw new WrenException($"{path}/items: a list of schemas (tuple form) is not supported");
            if (items.ValueKind == JsonValueKind.False && min > 0) throw new WrenException($"{path}: items is false but minItems is {min}");
            item = items.ValueKind == JsonValueKind.False ? -1 : ItemFragment(items, path + "/items");
        }
        else item = AnyFragment();
        int open = _nfa.NewState();
        _nfa.AddBytes(from, (byte)'[', (byte)'[', open);
        if (min == 0) _nfa.AddBytes(open, (byte)']', (byte)']', to);
        if (item < 0 || max == 0) return;
        // after[k]: k items written.
        int at = _nfa.NewState();
        _nfa.AddCall(open, item, at);
        int k = 1;
        int unroll = Math.Max(min, 1);
        if (max is int m) unroll = m;
        for (; k < unroll; k++)
        {
            if (k >= min) _nfa.AddBytes(at, (byte)']', (byte)']', to);
            int sep = _nfa.NewState(), next = _nfa.NewState();
            _nfa.AddBytes(at, (byte)',', (byte)',', sep);
            _nfa.AddCall(sep, item, next);
            at = next;
        }
        _nfa.AddBytes(at, (byte)']', (byte)']', to);
        if (max is null)
        {
            int sep = _nfa.NewState();
            _nfa.AddBytes(at, (byte)',', (byte)',', sep);
            _nfa.AddCall(sep, item, at);
        }
    }

    private int ItemFragment(JsonElement items, string path)
    {
        if (items.ValueKind == JsonValueKind.Object && items.TryGetProperty("$ref", out var r) && r.ValueKind == JsonValueKind.String && !items.EnumerateObject().Skip(1).Any())
            return RefFragment(r.GetString()!, path);
        int f = _nfa.AddFragment(path);
        var (start, accept, _) = _nfa.Fragments[f];
        AddValue(items, path, start, accept);
        return f;
    }

    private void AddString(JsonElement s, string path, int from, int to)
    {
        int min = Count(s, "minLength", path) ?? 0;
        int? max = Count(s, "maxLength", path);
        if (max < min) throw new WrenException($"{path}: maxLength is below minLength");
        string? pattern = s.TryGetProperty("pattern", out var p) ? p.GetString() ?? throw new WrenException($"{path}/pattern: must be a string") : null;
        if (pattern is null && s.TryGetProperty("format", out var format) && FormatPatterns.TryGetValue(format.GetString() ?? "", out var known)) pattern = known;
        int open = _nfa.NewState(), close = _nfa.NewState();
        _nfa.AddBytes(from, (byte)'"', (byte)'"', open);
        _nfa.AddBytes(close, (byte)'"', (byte)'"', to);
        // Counted characters stay in the BMP, where every validator's idea of length is the same.
        var chars = new RegexNode.Repeat(new RegexNode.Chars(min == 0 && max is null ? CodePointSet.All : CodePointSet.Bmp), min, max);
        if (pattern is null)
        {
            RegexAutomaton.Add(_nfa, chars, open, close);
            return;
        }
        RegexNode regex;
        try
        {
            regex = RegexParser.Parse(pattern);
        }
        catch (WrenException e)
        {
            throw new WrenException($"{path}/pattern: {e.Message}");
        }
        if (min == 0 && max is null)
        {
            RegexAutomaton.Add(_nfa, regex, open, close);
            return;
        }
        // Both a pattern and a length: the intersection of the two languages, built as a product of their DFAs.
        ProductAutomaton.AddIntersection(_nfa, regex, chars, open, close, path);
    }

    private void AddNumber(JsonElement s, string path, bool integer, int from, int to)
    {
        decimal? min = Bound(s, "minimum", path), max = Bound(s, "maximum", path);
        decimal? exMin = Bound(s, "exclusiveMinimum", path), exMax = Bound(s, "exclusiveMaximum", path);
        bool minEx = false, maxEx = false;
        if (exMin is decimal em && (min is null || em >= min))
        {
            min = em;
            minEx = true;
        }
        if (exMax is decimal ex && (max is null || ex <= max))
        {
            max = ex;
            maxEx = true;
        }
        if (min is null && max is null) NumberAutomaton.AddAny(_nfa, integer, from, to);
        else NumberAutomaton.AddBounded(_nfa, integer, min, minEx, max, maxEx, from, to, path);
    }

    private int AnyFragment()
    {
        if (_anyFragment >= 0) return _anyFragment;
        _anyFragment = _nfa.AddFragment("(any value)");
        var (start, accept, _) = _nfa.Fragments[_anyFragment];
        AddMap(null, "(any value)", start, accept);
        int open = _nfa.NewState(), after = _nfa.NewState(), sep = _nfa.NewState();
        _nfa.AddBytes(start, (byte)'[', (byte)'[', open);
        _nfa.AddBytes(open, (byte)']', (byte)']', accept);
        _nfa.AddCall(open, _anyFragment, after);
        _nfa.AddBytes(after, (byte)',', (byte)',', sep);
        _nfa.AddCall(sep, _anyFragment, after);
        _nfa.AddBytes(after, (byte)']', (byte)']', accept);
        _nfa.AddCall(start, StringFragment(), accept);
        NumberAutomaton.AddAny(_nfa, integer: false, start, accept);
        _nfa.AddLiteral(start, "true"u8, accept);
        _nfa.AddLiteral(start, "false"u8, accept);
        _nfa.AddLiteral(start, "null"u8, accept);
        return _anyFragment;
    }

    private int StringFragment()
    {
        if (_stringFragment >= 0) return _stringFragment;
        _stringFragment = _nfa.AddFragment("(string)");
        var (start, accept, _) = _nfa.Fragments[_stringFragment];
        int body = _nfa.NewState();
        _nfa.AddBytes(start, (byte)'"', (byte)'"', body);
        _nfa.AddJsonChar(body, CodePointSet.All, body);
        _nfa.AddBytes(body, (byte)'"', (byte)'"', accept);
        return _stringFragment;
    }

    private static int? Count(JsonElement s, string name, string path)
    {
        if (!s.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out int n) || n < 0) throw new WrenException($"{path}/{name}: must be a non-negative integer");
        if (n > MaxUnrolled) throw new WrenException($"{path}/{name}: {n} is above the {MaxUnrolled} that constrained generation unrolls");
        return n;
    }

    private static decimal? Bound(JsonElement s, string name, string path)
    {
        if (!s.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetDecimal(out decimal d)) throw new WrenException($"{path}/{name}: must be a number (within ±7.9e28)");
        return d;
    }

    private static byte[] Compact(JsonElement value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter)) value.WriteTo(writer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Compact(string text)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter)) writer.WriteStringValue(text);
        return buffer.WrittenSpan.ToArray();
    }
}
