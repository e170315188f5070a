using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wren.Runtime;
using Wren.Runtime.Generation;

namespace Wren.Server;

/// <summary>
/// The OpenAI-compatible HTTP server: /v1/chat/completions, /v1/completions, /v1/models, /health,
/// /metrics (when <see cref="WrenServerOptions.Metrics"/> gives an exporter) and a chat page at /. One <see cref="GenerationScheduler"/> runs all requests.
/// </summary>
public sealed class WrenServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WrenServer(WebApplication app) => _app = app;

    /// <summary>Where the server listens once started (e.g. http://127.0.0.1:8080).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Builds and starts a server for a scheduler (which the caller keeps and disposes).</summary>
    public static async Task<WrenServer> StartAsync(GenerationScheduler scheduler, WrenServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // The host logs a failed start (a taken port) with its stack trace; StartAsync says it in one line instead.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
        if (options.LoggerProvider is { } provider)
        {
            builder.Logging.AddProvider(provider);
        }
        else
        {
            // Warnings and errors, one line each, on stderr beside wren serve's own messages.
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "yyyy-MM-dd HH:mm:ss "; });
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        builder.WebHost.UseKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
            if (options.Host is "localhost") k.ListenLocalhost(options.Port);
            else if (IPAddress.TryParse(options.Host, out var ip)) k.Listen(ip, options.Port);
            else throw new WrenException($"--host '{options.Host}' is not an IP address (use 127.0.0.1, 0.0.0.0, ::1 or localhost)");
        });
        var app = builder.Build();
        var server = new WrenServer(app);
        var metrics = options.Metrics?.Invoke(scheduler);
        // Shutting down cancels what is being generated, so the server stops at once instead of waiting for
        // every open stream to run to its end.
        var stopping = app.Lifetime.ApplicationStopping;
        var handler = new CompletionHandler(scheduler, options, metrics, stopping);
        var model = scheduler.Model;

        // Errors: every failure answers in OpenAI's error shape, never with a stack trace.
        app.Use(async (context, next) =>
        {
            string endpoint = context.Request.Path.StartsWithSegments("/v1") ? context.Request.Path.Value! : "other";
            try
            {
                if (options.ApiKey is { } key && NeedsKey(context.Request.Path, options) && !Authorized(context, key))
                    throw new RequestException(401, "Incorrect or missing API key: send 'Authorization: Bearer KEY'", code: "invalid_api_key");
                await next(context).ConfigureAwait(false);
            }
            catch (RequestException e)
            {
                await OpenAiError.WriteAsync(context, e.Status, e.Message, e.Status == 401 ? "invalid_request_error" : e.Type, e.Param, e.Code).ConfigureAwait(false);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await OpenAiError.WriteAsync(context, 413, $"the request body exceeds {options.MaxRequestBodyBytes} bytes", "invalid_request_error", code: "request_too_large").ConfigureAwait(false);
            }
            catch (BadHttpRequestException e)
            {
                await OpenAiError.WriteAsync(context, e.StatusCode, "bad request: " + e.Message, "invalid_request_error").ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client went away; its sequence is already cancelled and its slot freed.
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                // A stream already under way just ends; one not yet answered learns why.
                await OpenAiError.WriteAsync(context, 503, "the server is shutting down", "server_error", code: "server_shutting_down").ConfigureAwait(false);
            }
            catch (Exception e)
            {
                app.Logger.LogError(e, "{Method} {Path} answered 500", context.Request.Method, context.Request.Path.Value);
                await OpenAiError.WriteAsync(context, 500, "internal server error", "server_error").ConfigureAwait(false);
            }
            finally
            {
                metrics?.RequestAnswered(endpoint, context.Response.StatusCode);
            }
        });

        // Every route is a RequestDelegate: the Delegate overloads bind parameters by reflection, which NativeAOT cannot.
        app.MapPost("/v1/chat/completions", async context => await handler.HandleAsync(context, RequestParser.Chat(await ReadJsonAsync(context).ConfigureAwait(false), model, options), chat: true).ConfigureAwait(false));
        app.MapPost("/v1/completions", async context => await handler.HandleAsync(context, RequestParser.Completion(await ReadJsonAsync(context).ConfigureAwait(false), model, options), chat: false).ConfigureAwait(false));
        long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        app.MapGet("/v1/models", context => Results.Json(new ModelList([new ModelEntry(model.Name, created)]), ServerJsonContext.Default.ModelList).ExecuteAsync(context));
        app.MapGet("/v1/models/{id}", context =>
        {
            string id = (string)context.Request.RouteValues["id"]!;
            return id == model.Name
                ? Results.Json(new ModelEntry(model.Name, created), ServerJsonContext.Default.ModelEntry).ExecuteAsync(context)
                : throw new RequestException(404, $"The model '{id}' does not exist", param: "model", code: "model_not_found");
        });
        app.MapGet("/health", context => Results.Json(new HealthReport("ok", model.Name, scheduler.ActiveCount, scheduler.QueueLength, scheduler.Parallel, scheduler.MaxContext), ServerJsonContext.Default.HealthReport).ExecuteAsync(context));
        if (metrics is not null)
        {
            app.MapGet("/metrics", async context =>
            {
                context.Response.ContentType = metrics.ContentType;
                await metrics.ExportAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            });
        }
        app.MapGet("/", async context =>
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await using var page = typeof(WrenServer).Assembly.GetManifestResourceStream("Wren.Server.index.html")!;
            await page.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        app.MapFallback(context => throw new RequestException(404, $"no route for {context.Request.Method} {context.Request.Path}", code: "not_found"));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new WrenException($"port {options.Port} on {options.Host} is already in use: stop what listens there, or choose another port with --port (0 takes any free one)");
        }
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>Waits until the server is stopped (Ctrl+C or the token).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.WaitForShutdownAsync(_app, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// What the API key guards: the API, and /metrics (its counters tell who uses the model how much) unless
    /// <see cref="WrenServerOptions.OpenMetrics"/> opens it for a scraper. /health stays open for load balancers,
    /// and the chat page holds nothing but a form that asks for the key.
    /// </summary>
    private static bool NeedsKey(PathString path, WrenServerOptions options) =>
        path.StartsWithSegments("/v1") || (!options.OpenMetrics && path.StartsWithSegments("/metrics"));

    private static bool Authorized(HttpContext context, string key)
    {
        string? header = context.Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return false;
        var given = System.Text.Encoding.UTF8.GetBytes(header[7..].Trim());
        var expected = System.Text.Encoding.UTF8.GetBytes(key);
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, expected);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpContext context)
    {
        if (context.Request.ContentLength is long length && length > context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new RequestException(400, $"the request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", code: "invalid_json");
        }
    }
}
