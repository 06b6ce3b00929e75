using BenchmarkDotNet.Running;
using RnnCalc.Benchmarks;

// dotnet run -c Release --project bench/RnnCalc.Benchmarks -- --filter '*'   (or pick classes with --filter)
BenchmarkSwitcher.FromAssembly(typeof(TrainingBenchmarks).Assembly).Run(args);
