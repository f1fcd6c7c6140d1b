using BenchmarkDotNet.Running;

// dotnet run -c Release --project load-tests/PersonalizationEngine.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
