namespace Wren.Server;

/// <summary>A request the server refuses, with the HTTP status and OpenAI error fields to answer with.</summary>
internal sealed class RequestException(int status, string message, string type = "invalid_request_error", string? param = null, string? code = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Param { get; } = param;

    public string? Code { get; } = code;
}
