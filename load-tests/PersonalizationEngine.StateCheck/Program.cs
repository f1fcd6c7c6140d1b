using PersonalizationEngine.StateCheck;

// pe-statecheck RAN_FOLDER REBUILT_FOLDER: compares every customer, product and offer grain's state in two
// stopped engines' data folders (the one that ran, and one that rebuilt its grains from a copy of the log).
// Exit code 0 when all are equal, 1 with the first difference named, 2 on bad arguments.
if (args.Length != 2 || !Directory.Exists(args[0]) || !Directory.Exists(args[1]))
{
    Console.Error.WriteLine("usage: pe-statecheck RAN_FOLDER REBUILT_FOLDER (two stopped engines' data folders)");
    return 2;
}
var ran = await StoredGrainStates.ReadAsync(args[0]);
var rebuilt = await StoredGrainStates.ReadAsync(args[1]);
Console.WriteLine($"grains: {ran.Count:N0} in the engine that ran, {rebuilt.Count:N0} built from the log " +
    $"({rebuilt.Keys.Count(k => k.Name == "customer"):N0} customers, {rebuilt.Keys.Count(k => k.Name == "product"):N0} products, {rebuilt.Keys.Count(k => k.Name == "offer"):N0} offers)");
if (RebuildComparison.FirstDifference(rebuilt, ran) is { } difference)
{
    Console.WriteLine($"DIFFERENT: {difference}");
    return 1;
}
Console.WriteLine("EQUAL: every grain's state matches the state built from the log");
return 0;
