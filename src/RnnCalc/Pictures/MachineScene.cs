using System.Globalization;
using System.Text;
using SkiaSharp;

namespace RnnCalc.Pictures;

/// <summary>
/// A machine drawing as a few shapes — circles, arrows (SVG path data ending in an arrowhead), texts — laid out
/// once and rendered as SVG or as PNG, so the two pictures are the same drawing.
/// </summary>
internal sealed class MachineScene(double width, double height)
{
    private const string Ink = "#333";

    private readonly List<Shape> _shapes = [];

    public double Width { get; } = width;

    public double Height { get; } = height;

    /// <summary>An arrow along <paramref name="pathData"/> (M, L, Q, C in absolute coordinates); its head points from <paramref name="lastControl"/> to <paramref name="end"/>.</summary>
    public void Arrow(string pathData, (double X, double Y) lastControl, (double X, double Y) end) =>
        _shapes.Add(new ArrowShape(pathData, lastControl, end));

    public void Circle(double x, double y, double radius, string fill) => _shapes.Add(new CircleShape(x, y, radius, fill));

    /// <summary>Text with its baseline at <paramref name="y"/>; centred on <paramref name="x"/> unless <paramref name="centred"/> is false.</summary>
    public void Text(double x, double y, double size, string fill, string text, bool centred = true) =>
        _shapes.Add(new TextShape(x, y, size, fill, text, centred));

    public string Svg()
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width:0}\" height=\"{Height:0}\" viewBox=\"0 0 {Width:0} {Height:0}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"{Ink}\"/></marker></defs>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <rect width=\"{Width:0}\" height=\"{Height:0}\" fill=\"white\"/>\n");
        foreach (var shape in _shapes)
        {
            switch (shape)
            {
                case ArrowShape arrow:
                    svg.Append(CultureInfo.InvariantCulture, $"  <path d=\"{arrow.PathData}\" fill=\"none\" stroke=\"{Ink}\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
                    break;
                case CircleShape circle:
                    svg.Append(CultureInfo.InvariantCulture, $"  <circle cx=\"{circle.X:0.#}\" cy=\"{circle.Y:0.#}\" r=\"{circle.Radius:0}\" fill=\"{circle.Fill}\" stroke=\"{Ink}\" stroke-width=\"1.5\"/>\n");
                    break;
                case TextShape text when text.Value.Length > 0:
                    svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{text.X:0.#}\" y=\"{text.Y:0.#}\" font-size=\"{text.Size:0}\"{(text.Centred ? " text-anchor=\"middle\"" : string.Empty)} fill=\"{text.Fill}\">{Escape(text.Value)}</text>\n");
                    break;
            }
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    public byte[] Png()
    {
        using var bitmap = new SKBitmap((int)Math.Ceiling(Width), (int)Math.Ceiling(Height));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
            using var stroke = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, Color = SKColor.Parse(Ink) };
            using var fill = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Fill };
            foreach (var shape in _shapes)
            {
                switch (shape)
                {
                    case ArrowShape arrow:
                        using (var path = SKPath.ParseSvgPathData(arrow.PathData))
                        {
                            canvas.DrawPath(path, stroke);
                        }
                        DrawHead(canvas, arrow, fill);
                        break;
                    case CircleShape circle:
                        fill.Color = SKColor.Parse(circle.Fill);
                        canvas.DrawCircle((float)circle.X, (float)circle.Y, (float)circle.Radius, fill);
                        canvas.DrawCircle((float)circle.X, (float)circle.Y, (float)circle.Radius, stroke);
                        break;
                    case TextShape text when text.Value.Length > 0:
                        using (var font = new SKFont(typeface, (float)text.Size))
                        {
                            fill.Color = SKColor.Parse(text.Fill);
                            canvas.DrawText(text.Value, (float)text.X, (float)text.Y, text.Centred ? SKTextAlign.Center : SKTextAlign.Left, font, fill);
                        }
                        break;
                }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>The SVG marker's triangle: 7 px long and wide, its tip on the arrow's end.</summary>
    private static void DrawHead(SKCanvas canvas, ArrowShape arrow, SKPaint fill)
    {
        var (ex, ey) = arrow.End;
        var (dx, dy) = (ex - arrow.LastControl.X, ey - arrow.LastControl.Y);
        var length = Math.Max(1e-9, Math.Sqrt((dx * dx) + (dy * dy)));
        var (ux, uy) = (dx / length * 7, dy / length * 7);
        using var head = new SKPath();
        head.MoveTo((float)ex, (float)ey);
        head.LineTo((float)(ex - ux - (uy / 2)), (float)(ey - uy + (ux / 2)));
        head.LineTo((float)(ex - ux + (uy / 2)), (float)(ey - uy - (ux / 2)));
        head.Close();
        fill.Color = SKColor.Parse(Ink);
        canvas.DrawPath(head, fill);
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private abstract record Shape;

    private sealed record ArrowShape(string PathData, (double X, double Y) LastControl, (double X, double Y) End) : Shape;

    private sealed record CircleShape(double X, double Y, double Radius, string Fill) : Shape;

    private sealed record TextShape(double X, double Y, double Size, string Fill, string Value, bool Centred) : Shape;
}
