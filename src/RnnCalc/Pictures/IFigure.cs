using ScottPlot;

namespace RnnCalc.Pictures;

/// <summary>
/// A picture of the model drawn with ScottPlot. Each figure keeps the numbers it draws as public data, so tests
/// (and curious readers) can compare the picture's data with the model's own numbers.
/// </summary>
internal interface IFigure
{
    /// <summary>The file name a report gives it, without extension (e.g. <c>training-curve</c>).</summary>
    string Name { get; }

    /// <summary>A short title, used above the picture and as its alternative text.</summary>
    string Title { get; }

    /// <summary>Width in pixels.</summary>
    int Width { get; }

    /// <summary>Height in pixels.</summary>
    int Height { get; }

    /// <summary>Builds the plot afresh; the caller disposes it.</summary>
    Plot CreatePlot();
}
