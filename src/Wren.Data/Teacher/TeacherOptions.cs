using Wren.Runtime;
namespace Wren.Data.Teacher;

/// <summary>
/// An OpenAI-compatible chat endpoint that writes or judges examples: Ollama, llama.cpp's server, vLLM, a cloud API or
/// <c>wren serve</c>. The key is read from an environment variable, never given on a command line.
/// </summary>
public sealed record TeacherOptions
{
    /// <summary>The API's base address, ending in <c>/v1</c> (e.g. <c>http://localhost:11434/v1</c>).</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>An OpenAI-compatible API base given on the command line or in a recipe; anything but an absolute http(s) URL is an error naming <paramref name="what"/>.</summary>
    public static Uri ParseEndpoint(string url, string what = "--teacher-url") =>
        Uri.TryCreate(url, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"
            ? endpoint
            : throw new WrenException($"{what} '{url}': not an http(s) URL such as http://localhost:11434/v1");

    /// <summary>A <see cref="TeacherTaskKind"/> by name, any case; another name is an error listing the kinds.</summary>
    public static TeacherTaskKind ParseKind(string kind, string what = "--kind") =>
        Enum.TryParse<TeacherTaskKind>(kind, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
            ? parsed
            : throw new WrenException($"{what} '{kind}': expected qa, instruct, rephrase or label");

    public required string Model { get; init; }

    /// <summary>The environment variable holding the API key; a local server without one gets a placeholder.</summary>
    public string ApiKeyVariable { get; init; } = "OPENAI_API_KEY";

    /// <summary>Requests in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>Requests started per minute at most (a provider's rate limit); null for no limit.</summary>
    public double? RequestsPerMinute { get; init; }

    /// <summary>Retries of a request that failed with 408, 429, 5xx or a dropped connection, waiting Retry-After when the server says, else backing off exponentially.</summary>
    public int MaxRetries { get; init; } = 5;

    /// <summary>The first backoff delay; doubled on each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries, even when Retry-After asks for more.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public float Temperature { get; init; } = 0.7f;

    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>Where each answer is kept, keyed by the full request (model, messages, settings): a rerun resumes and costs nothing.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Dollars per million input tokens, to count the spend in dollars; null when unknown.</summary>
    public double? InputDollarsPerMillion { get; init; }

    /// <summary>Dollars per million output tokens.</summary>
    public double? OutputDollarsPerMillion { get; init; }
}
