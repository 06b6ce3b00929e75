using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using RnnCalc.Arithmetic;
using RnnCalc.Pictures;
using RnnCalc.Verification;

namespace RnnCalc.Tests.Pictures;

public sealed partial class MachineDrawingTests
{
    [Theory]
    [InlineData("subtract")]
    [InlineData("add")]
    public void EveryArrowLeavesAndEntersAStatesCircleSelfLoopsIncluded(string name)
    {
        Assert.True(Operation.TryParse(name, out var operation));
        var svg = XDocument.Parse(MachineDrawing.Svg(Verifier.Verify(DefaultModels.For(operation).Network, operation)));
        var circles = svg.Descendants().Where(e => e.Name.LocalName == "circle")
            .Select(c => (X: Number(c, "cx"), Y: Number(c, "cy"), R: Number(c, "r"))).ToList();
        var paths = svg.Descendants().Where(e => e.Name.LocalName == "path" && e.Attribute("marker-end") is not null).ToList();
        Assert.Equal(2, circles.Count);
        int loops = 0, entries = 0;
        foreach (var path in paths)
        {
            var points = Coordinates().Matches(path.Attribute("d")!.Value).Select(m => (X: Parse(m.Groups[1].Value), Y: Parse(m.Groups[2].Value))).ToList();
            var from = OnCircle(circles, points[0]);
            var to = OnCircle(circles, points[^1]);
            Assert.True(to >= 0, $"arrow '{path.Attribute("d")!.Value}' does not end on a state");
            loops += from == to ? 1 : 0;
            // Only the start arrow comes from nowhere.
            entries += from < 0 ? 1 : 0;
        }
        Assert.Equal(1, entries);
        // Both states of the borrow (or carry) machine have a loop: each is drawn on its state.
        Assert.Equal(2, loops);
    }

    private static int OnCircle(List<(double X, double Y, double R)> circles, (double X, double Y) point) =>
        circles.FindIndex(c => Math.Abs(Math.Sqrt(Math.Pow(point.X - c.X, 2) + Math.Pow(point.Y - c.Y, 2)) - c.R) < 1.5);

    private static double Number(XElement element, string attribute) => Parse(element.Attribute(attribute)!.Value);

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(-?[0-9.]+) (-?[0-9.]+)")]
    private static partial Regex Coordinates();
}
