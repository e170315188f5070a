using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wren.Runtime.Diagnostics;

namespace Wren.Data.Teacher;

/// <summary>
/// The teacher's answers on disk, one JSON file per request named by the SHA-256 of the request's canonical JSON
/// (model, temperature, token limit, every message): the same prompt is never paid for twice, and a run that stopped
/// halfway resumes where it was. Files are written atomically, so a crash never leaves half an answer.
/// </summary>
internal sealed class TeacherCache
{
    private readonly string _folder;

    public TeacherCache(string folder)
    {
        _folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(_folder);
    }

    /// <summary>The request as it is keyed: everything that changes the answer.</summary>
    public static string RequestJson(string model, float temperature, int maxOutputTokens, IReadOnlyList<TeacherMessage> messages)
    {
        var array = new JsonArray();
        foreach (var m in messages) array.Add(new JsonObject { ["role"] = m.Role, ["content"] = m.Content });
        var request = new JsonObject
        {
            ["model"] = model,
            ["temperature"] = temperature,
            ["max_tokens"] = maxOutputTokens,
            ["messages"] = array,
        };
        return request.ToJsonString();
    }

    public static string Key(string requestJson) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(requestJson)));

    private string PathOf(string key) => Path.Combine(_folder, key[..2], key + ".json");

    public TeacherReply? TryGet(string requestJson)
    {
        string path = PathOf(Key(requestJson));
        if (!File.Exists(path)) return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            // A key collision is not expected from SHA-256, but a file from another request must never answer this one.
            if (node["request"]?.GetValue<string>() != requestJson) return null;
            return new TeacherReply(node["text"]!.GetValue<string>(), node["input_tokens"]!.GetValue<long>(), node["output_tokens"]!.GetValue<long>(), FromCache: true);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            // A damaged entry is asked again and overwritten.
            return null;
        }
    }

    public void Put(string requestJson, TeacherReply reply)
    {
        string path = PathOf(Key(requestJson));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var node = new JsonObject
        {
            ["request"] = requestJson,
            ["text"] = reply.Text,
            ["input_tokens"] = reply.InputTokens,
            ["output_tokens"] = reply.OutputTokens,
        };
        AtomicFile.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
