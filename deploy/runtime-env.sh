# The .NET runtime settings the engine runs with (POSIX sh; sourced, not run): by deploy/run-*.sh, the
# load-tests scripts and the container's entrypoint. `dotnet run` takes the same from
# src/PersonalizationEngine.Server/Properties/launchSettings.json. The runtime reads these only from the
# environment, not from the engine's runtimeconfig.json. Each keeps a value already set in the environment.
#
# A gen0 budget of 64 MB instead of the runtime's default (a few MB, sized by the CPU's cache): a Recommend
# allocates about 20 KB, so at thousands of calls a second the default collected about 40 times a second, each
# collection stopping every thread. With it the engine served about a third more Recommend calls on two cores,
# for up to 64 MB more memory (docs/benchmarks.md, "Recommend against its floor"). DOTNET_GCgen0size=0 in the
# environment gives the runtime's default back.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x4000000}"
