using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Wren.Server;

/// <summary>Writes errors in OpenAI's shape: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
internal static class OpenAiError
{
    public static async Task WriteAsync(HttpContext context, int status, string message, string type, string? param = null, string? code = null)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(Json(message, type, param, code), context.RequestAborted).ConfigureAwait(false);
    }

    public static byte[] Json(string message, string type, string? param, string? code)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("error");
            w.WriteString("message", message);
            w.WriteString("type", type);
            if (param is null) w.WriteNull("param"); else w.WriteString("param", param);
            if (code is null) w.WriteNull("code"); else w.WriteString("code", code);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
