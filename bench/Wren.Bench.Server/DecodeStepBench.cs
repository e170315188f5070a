using System.Diagnostics;
using Wren.Runtime.Models;
using Wren.Runtime.Threading;

namespace Wren.Bench.Server;

/// <summary>
/// Decode tokens/s of B sequences advanced one at a time (B separate <see cref="InferenceSession.Decode"/>
/// calls per step) and together (one <see cref="BatchedDecoder"/> step), without HTTP in the way.
/// </summary>
internal static class DecodeStepBench
{
    public static (double OneAtATime, double Batched) Run(LlamaModel model, int b, int steps, int threads)
    {
        using var pool = new WorkerPool(threads);
        using var decoder = new BatchedDecoder(model, b, pool);
        var sessions = new InferenceSession[b];
        var random = new Random(5);
        int promptLength = 16;
        for (int i = 0; i < b; i++)
        {
            sessions[i] = model.CreateSession(new InferenceSessionOptions { Pool = pool, MaxContext = promptLength + steps + 16 });
            sessions[i].Prefill(Enumerable.Range(0, promptLength).Select(_ => random.Next(model.Config.VocabSize)).ToArray());
        }

        int[] tokens = Enumerable.Range(0, b).Select(i => i + 1).ToArray();
        try
        {
            // Warm-up of both paths (JIT tiering), then best of three alternating runs from the same positions:
            // the machine is shared, and the best run is the one least disturbed by other processes.
            for (int w = 0; w < 4; w++)
            {
                for (int i = 0; i < b; i++) sessions[i].Decode(tokens[i]);
                decoder.Decode(sessions, tokens);
            }

            int start = sessions[0].Position;
            double alone = 0, together = 0;
            for (int repeat = 0; repeat < 3; repeat++)
            {
                foreach (var session in sessions) session.Rewind(start);
                long t0 = Stopwatch.GetTimestamp();
                for (int s = 0; s < steps; s++)
                {
                    for (int i = 0; i < b; i++) sessions[i].Decode(tokens[i]);
                }

                alone = Math.Max(alone, b * steps / Stopwatch.GetElapsedTime(t0).TotalSeconds);
                foreach (var session in sessions) session.Rewind(start);
                long t1 = Stopwatch.GetTimestamp();
                for (int s = 0; s < steps; s++) decoder.Decode(sessions, tokens);
                together = Math.Max(together, b * steps / Stopwatch.GetElapsedTime(t1).TotalSeconds);
            }

            return (alone, together);
        }
        finally
        {
            foreach (var session in sessions) session.Dispose();
        }
    }
}
