using Wren.Bench.Constraints;

// Constrained decoding against free decoding, same model, same run: see ConstraintBenchmark.
int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 3;
ConstraintBenchmark.Run(rounds);
