using System.Text.Json;
using RnnCalc.Training;

namespace RnnCalc.Cli.Console;

/// <summary>
/// One shard's <c>sweep --shard K/N --format json</c>, as <c>sweep merge</c> reads it: which shard it is, the
/// sweep it belongs to (every configuration, the seeds, whether proofs were asked) and its rows with every run.
/// </summary>
internal sealed record SweepPart(string Path, SweepShard Shard, JsonElement Definition, IReadOnlyList<TrainingConfig> Configs, IReadOnlyList<uint> Seeds, bool Prove, IReadOnlyList<SweepRow> Rows);
