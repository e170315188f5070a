using Wren.Edge.Npm;
using Wren.Edge.Web;
using Wren.Edge.Worker;
using Wren.Export.Gguf;
using Wren.Pipeline.Build.Events;
using Wren.Pipeline.Build.Recipe;
using Wren.Runtime;
using Wren.Training.Trainer;

namespace Wren.Pipeline.Build.Stages;

/// <summary>The trained model to GGUF files in DIR/export/ (model-TYPE.gguf, as <c>wren export gguf</c> writes them).</summary>
internal sealed class ExportBuildStage : IBuildStage
{
    public string Name => BuildStages.Export;

    public string Description => "write GGUF files for llama.cpp, Ollama, LM Studio";

    public IReadOnlyList<string> Upstream => [BuildStages.Train];

    public string RecipeSection(BuildContext context) => BuildRecipeYaml.Canonical(context.Recipe.Export);

    public IReadOnlyList<string> InputFiles(BuildContext context) => [];

    public IReadOnlyList<string> HashedOutputs(BuildContext context) => [context.StageDirectory(Name)];

    public static string FileName(string type) => $"model-{type.ToLowerInvariant()}.gguf";

    /// <summary>The static site under DIR/export/ (recipe export.web).</summary>
    public const string WebFolder = "web";

    /// <summary>The Workers project under DIR/export/ (recipe export.worker).</summary>
    public const string WorkerFolder = "worker";

    public Task<StageOutcome> RunAsync(BuildContext context, CancellationToken cancellationToken)
    {
        var types = context.Recipe.Export.Types;
        if (types.Count == 0) throw new WrenException("recipe export.types is empty: name at least one of f32, f16, bf16, q8_0, q4_0, q4_k");
        var outputs = new List<string>();
        var metrics = new Dictionary<string, double>();
        foreach (string name in types)
        {
            GgufExportType type = GgufExportTypes.Parse(name);
            string file = FileName(name);
            GgufExportResult result;
            using (var progress = context.Observer.BeginProgress())
            {
                result = GgufExporter.Export(new GgufExportOptions
                {
                    ModelDirectory = context.PathOf(BuildStages.Train, TrainingLoop.ModelFolderName),
                    OutputPath = context.PathOf(Name, file),
                    Type = type,
                    Name = "wren-" + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(context.OutputDirectory))),
                }, progress, cancellationToken);
            }
            context.Observer.Reported(new GgufWritten(result, type));
            outputs.Add(Path.Combine(Name, file));
            metrics[file + "/bytes"] = result.FileBytes;
        }
        if (context.Recipe.Export.Web || context.Recipe.Export.Worker)
        {
            var packages = new NpmPackageStore();
            string model = context.PathOf(BuildStages.Train, TrainingLoop.ModelFolderName);
            GgufExportType type = GgufExportTypes.Parse(types[0]);
            if (context.Recipe.Export.Web)
            {
                using var progress = context.Observer.BeginProgress();
                var site = WebSiteExporter.Export(new WebExportOptions { ModelDirectory = model, OutputDirectory = context.PathOf(Name, WebFolder), Type = type }, packages, progress, cancellationToken);
                outputs.Add(Path.Combine(Name, WebFolder, "index.html"));
                metrics["web/bytes"] = site.TotalBytes;
            }
            if (context.Recipe.Export.Worker)
            {
                using var progress = context.Observer.BeginProgress();
                var worker = WorkerProjectExporter.Export(new WorkerExportOptions { ModelDirectory = model, OutputDirectory = context.PathOf(Name, WorkerFolder), Type = type }, packages, progress, cancellationToken);
                outputs.Add(Path.Combine(Name, WorkerFolder, "wrangler.toml"));
                metrics["worker/upload_gzip_bytes"] = worker.BundleGzipBytes;
            }
        }
        return Task.FromResult(new StageOutcome(outputs, metrics));
    }
}
