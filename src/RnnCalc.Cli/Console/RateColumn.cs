using Spectre.Console;
using Spectre.Console.Rendering;

namespace RnnCalc.Cli.Console;

/// <summary>A progress column showing items per second ("125,000 updates/s"); Spectre's own speed column speaks bytes.</summary>
internal sealed class RateColumn(string unit) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        new Text(task.Speed is { } speed ? FormattableString.Invariant($"{speed:N0} {unit}/s") : string.Empty, Style.Plain);
}
