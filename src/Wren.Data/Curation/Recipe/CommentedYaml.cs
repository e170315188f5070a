using System.Text;
using System.Text.RegularExpressions;
using Wren.Runtime;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using YamlDotNet.Serialization.ObjectGraphVisitors;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// The YAML conventions every Wren recipe shares (<c>curate.yaml</c>, <c>wren.yaml</c>): snake_case keys,
/// an unknown key is an error naming the key, its section and its line, and the defaults are written with
/// each key's <c>[YamlMember(Description = ...)]</c> as a comment above it.
/// </summary>
public static partial class CommentedYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    // YamlDotNet writes each property's YamlMember description as a comment above its key.
    private static readonly ISerializer Commented = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    // Without them: a reworded description must not change a stage's input hash.
    private static readonly ISerializer Plain = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithoutEmissionPhaseObjectGraphVisitor<CommentsObjectGraphVisitor>()
        .Build();

    /// <summary>Reads <typeparamref name="T"/>; <paramref name="sectionName"/> turns a type's full name into the section a user sees.</summary>
    public static T Parse<T>(string yaml, string where, Func<string, string> sectionName) where T : class, new()
    {
        try
        {
            return Deserializer.Deserialize<T?>(yaml) ?? new T();
        }
        catch (YamlException e)
        {
            string inner = e.InnerException?.Message ?? e.Message;
            var unknown = UnknownProperty().Match(inner);
            if (unknown.Success)
            {
                throw new WrenException($"{where}:{e.Start.Line}:{e.Start.Column}: unknown key '{unknown.Groups[1].Value}' in {sectionName(unknown.Groups[2].Value)}");
            }
            // YamlDotNet names .NET types ("No node deserializer was able to deserialize the node into type System.Double,
            // System.Private.CoreLib, ..."); say instead which key wanted what, and what the file holds.
            if (FindValue(yaml, e.Start, typeof(T)) is { } bad)
            {
                string section = bad.Section.Length == 0 ? sectionName(typeof(T).FullName!) : $"section '{bad.Section}'";
                throw new WrenException($"{where}:{bad.Line}:{bad.Column}: '{bad.Key}' in {section}: expected {Expected(bad.Type)}, found {bad.Found}");
            }
            throw new WrenException($"{where}:{e.Start.Line}:{e.Start.Column}: {inner}");
        }
    }

    /// <summary>A value the recipe's types cannot take: where it is, its key, the keys of the section holding it ("" at the top), the type wanted and what was found.</summary>
    private sealed record BadValue(long Line, long Column, string Key, string Section, Type Type, string Found);

    /// <summary>
    /// The key whose key or value node starts at <paramref name="mark"/> (YamlDotNet's errors point at one or the other),
    /// with the type its property has in <paramref name="root"/>; null when the mark is elsewhere.
    /// </summary>
    private static BadValue? FindValue(string yaml, Mark mark, Type root)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return null;
        }
        return stream.Documents.Count == 0 ? null : Search(stream.Documents[0].RootNode, root, mark, "");
    }

    private static BadValue? Search(YamlNode node, Type type, Mark mark, string section)
    {
        if (node is not YamlMappingNode mapping) return null;
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { } key }) continue;
            var property = type.GetProperties().FirstOrDefault(p => KeyOf(p.Name) == key);
            if (property is null) continue;
            if (At(keyNode, mark) || At(valueNode, mark))
            {
                string found = valueNode switch
                {
                    YamlScalarNode scalar => $"'{scalar.Value}'",
                    YamlSequenceNode => "a list",
                    _ => "a section of keys",
                };
                return new BadValue(valueNode.Start.Line, valueNode.Start.Column, key, section, property.PropertyType, found);
            }
            // The representation model gives a mapping no end mark, so every section is searched (recipes are small).
            if (Search(valueNode, property.PropertyType, mark, section.Length == 0 ? key : section + "." + key) is { } inner)
            {
                return inner;
            }
        }
        return null;
    }

    private static bool At(YamlNode node, Mark mark) => node.Start.Line == mark.Line && node.Start.Column == mark.Column;

    /// <summary>A recipe property's type in the words of the file.</summary>
    private static string Expected(Type type) => Nullable.GetUnderlyingType(type) is { } inner ? Expected(inner) : type switch
    {
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "a number",
        _ when type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong) => "a whole number",
        _ when type == typeof(bool) => "true or false",
        _ when type == typeof(string) => "text",
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) => "a section of 'key: value' lines",
        _ when type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) => $"a list of {Plural(Expected(type.GetGenericArguments()[0]))}",
        _ => "a section of keys",
    };

    private static string Plural(string expected) => expected switch
    {
        "a number" => "numbers",
        "a whole number" => "whole numbers",
        "text" => "texts",
        _ => "values",
    };

    /// <summary>Plain YAML without comments: canonical text for comparing or hashing a recipe (key order and comments in the file do not matter).</summary>
    public static string Serialize(object value) => Plain.Serialize(value);

    /// <summary><paramref name="value"/> with a comment on every key that has a description, after <paramref name="header"/> (comment lines).</summary>
    public static string WithComments(object value, params string[] header)
    {
        var s = new StringBuilder();
        foreach (string line in header) s.Append("# ").AppendLine(line);
        if (header.Length > 0) s.AppendLine();
        return s.Append(Commented.Serialize(value)).ToString();
    }

    /// <summary>A C# type name as the snake_case key YAML uses for it.</summary>
    public static string KeyOf(string name) => UnderscoredNamingConvention.Instance.Apply(name);

    [GeneratedRegex("Property '([^']+)' not found on type '([^']+)'")]
    private static partial Regex UnknownProperty();
}
