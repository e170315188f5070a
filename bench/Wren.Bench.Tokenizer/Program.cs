namespace Wren.Bench.Tokenizer;

public static class Program
{
    public static int Main(string[] args) => TokenizerBenchmark.Run(args);
}
