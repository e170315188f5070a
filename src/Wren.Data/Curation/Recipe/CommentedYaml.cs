using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Wren.Runtime;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Wren.Data.Curation.Recipe;

/// <summary>
/// The YAML conventions every Wren recipe shares (<c>curate.yaml</c>, <c>wren.yaml</c>): snake_case keys,
/// an unknown key is an error naming the key, its section and its line, and the defaults are written one
/// key per line with a comment saying what it does.
/// </summary>
public static partial class CommentedYaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
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
            string message = unknown.Success
                ? $"unknown key '{unknown.Groups[1].Value}' in {sectionName(unknown.Groups[2].Value)}"
                : inner;
            throw new WrenException($"{where}:{e.Start.Line}:{e.Start.Column}: {message}");
        }
    }

    /// <summary>Plain YAML without comments: canonical text for comparing or hashing a recipe (key order and comments in the file do not matter).</summary>
    public static string Serialize(object value) => Serializer.Serialize(value);

    /// <summary>A C# type name as the snake_case key YAML uses for it.</summary>
    public static string KeyOf(string name) => UnderscoredNamingConvention.Instance.Apply(name);

    /// <summary>One indented <c>key: value  # comment</c> line.</summary>
    public static void Line(StringBuilder s, string key, object value, string comment)
    {
        s.Append("  ").Append(key).Append(": ").Append(value switch
        {
            bool b => b ? "true" : "false",
            double d => d.ToString("0.0###", CultureInfo.InvariantCulture),
            float f => f.ToString("0.0###", CultureInfo.InvariantCulture),
            string str => str.Length == 0 ? "\"\"" : str,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        });
        if (comment.Length > 0)
        {
            s.Append("  # ").Append(comment);
        }
        s.AppendLine();
    }

    /// <summary>One indented <c>key: [a, b]  # comment</c> line.</summary>
    public static void List(StringBuilder s, string key, List<string> values, string comment)
    {
        s.Append("  ").Append(key).Append(": [").Append(string.Join(", ", values)).Append(']');
        if (comment.Length > 0)
        {
            s.Append("  # ").Append(comment);
        }
        s.AppendLine();
    }

    [GeneratedRegex("Property '([^']+)' not found on type '([^']+)'")]
    private static partial Regex UnknownProperty();
}
