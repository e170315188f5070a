namespace Wren.Server.Tests;

/// <summary>
/// Waits for a condition instead of for a time: a test that sleeps a fixed while and then looks fails on a
/// loaded machine. The limit only ends a run that would otherwise hang; it is not part of what is checked.
/// </summary>
internal static class Eventually
{
    public static Task HoldsAsync(Func<bool> condition, string what, int limitSeconds = 120) =>
        HoldsAsync(() => Task.FromResult(condition()), what, limitSeconds);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, int limitSeconds = 120)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed.TotalSeconds > limitSeconds) Assert.Fail($"{what}: still not true after {limitSeconds} s");
            await Task.Delay(5);
        }
    }
}
