using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Wren.Runtime.Tests;

/// <summary>
/// Runs this assembly's xunit tests in its own process, through xunit's own engine (<see cref="XunitTestFramework"/>),
/// for where <c>dotnet test</c> cannot start a test host: the self-contained linux-arm64 build run under qemu, whose
/// test host would have to be an emulated process started by an x64 runner. Prints one line per failure and a closing
/// "N passed, N failed, N skipped" line; the exit code is the number of failures (at most 100).
/// </summary>
internal sealed class InProcessTestRunner : LongLivedMarshalByRefObject, IMessageSink
{
    private readonly ManualResetEventSlim _finished = new();
    private readonly Func<string, bool> _include;
    private int _passed, _failed, _skipped;

    private InProcessTestRunner(Func<string, bool> include) => _include = include;

    /// <summary>Whether the tests run under this runner (in the app itself) rather than a dotnet test host.</summary>
    public static bool IsRunning { get; private set; }

    /// <summary>Runs the tests whose display name (Namespace.Class.Method(arguments)) starts with none of <paramref name="excludedPrefixes"/>.</summary>
    public static int Run(IReadOnlyList<string> excludedPrefixes)
    {
        var assembly = typeof(InProcessTestRunner).Assembly;
        IsRunning = true;
        var runner = new InProcessTestRunner(name => !excludedPrefixes.Any(name.StartsWith));
        using var framework = new XunitTestFramework(runner);
        var discovery = new Options();
        var execution = new Options();
        execution.SetValue("xunit.execution.DisableParallelization", false);
        var discoverer = framework.GetDiscoverer(new ReflectionAssemblyInfo(assembly));
        var found = new DiscoverySink();
        discoverer.Find(includeSourceInformation: false, found, discovery);
        found.Finished.Wait();
        var cases = found.Cases.Where(c => runner._include(c.DisplayName)).ToList();
        Console.WriteLine($"{RuntimeArchitecture()}: running {cases.Count} of {found.Cases.Count} tests in {assembly.GetName().Name}");
        using var executor = framework.GetExecutor(assembly.GetName());
        executor.RunTests(cases, runner, execution);
        runner._finished.Wait();
        Console.WriteLine($"{runner._passed} passed, {runner._failed} failed, {runner._skipped} skipped");
        return Math.Min(runner._failed, 100);
    }

    private static string RuntimeArchitecture() => System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestPassed:
                Interlocked.Increment(ref _passed);
                break;
            case ITestSkipped skipped:
                Interlocked.Increment(ref _skipped);
                Console.WriteLine($"SKIP {skipped.Test.DisplayName}: {skipped.Reason}");
                break;
            case ITestFailed failed:
                Interlocked.Increment(ref _failed);
                Console.WriteLine($"FAIL {failed.Test.DisplayName}: {string.Join(" | ", failed.Messages)}{Environment.NewLine}{string.Join(Environment.NewLine, failed.StackTraces)}");
                break;
            case IErrorMessage error:
                Interlocked.Increment(ref _failed);
                Console.WriteLine($"ERROR {string.Join(" | ", error.Messages)}");
                break;
            case ITestAssemblyFinished:
                _finished.Set();
                break;
        }

        return true;
    }

    /// <summary>Collects the discovered test cases.</summary>
    private sealed class DiscoverySink : LongLivedMarshalByRefObject, IMessageSink
    {
        public List<ITestCase> Cases { get; } = [];

        public ManualResetEventSlim Finished { get; } = new();

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage discovered) Cases.Add(discovered.TestCase);
            else if (message is IDiscoveryCompleteMessage) Finished.Set();
            return true;
        }
    }

    /// <summary>xunit's option bag (the runners' TestFrameworkOptions lives in a package this project does not need).</summary>
    private sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = [];

        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;

        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }
}
