using RnnCalc.Persistence;
using RnnCalc.Pictures;
using RnnCalc.Tests.Cli;
using RnnCalc.Training;

namespace RnnCalc.Tests.Pictures;

/// <summary>
/// <c>rnncalc report</c> of the default network, run once for every test in the collection: it trains the network
/// (recording its history), writes the pictures and the page, and saves model.json and history.csv beside them.
/// </summary>
public sealed class DefaultReportFixture : IDisposable
{
    public const int Samples = 100;

    private readonly TempDirectory _directory = new();

    public DefaultReportFixture()
    {
        var run = CliRun.Of("report", "--samples", "100", "--out", _directory.Path);
        (ExitCode, Output, Error) = (run.ExitCode, run.Output, run.Error);
        Model = ModelFile.Load(File("model.json"));
        History = TrainingHistory.ParseCsv(System.IO.File.ReadAllText(File("history.csv")));
        // The same measurement the command made, from the files it saved: the pictures' data, for comparison.
        Report = Report.Measure(Model, History, 200, 57, Samples);
    }

    public int ExitCode { get; }

    public string Output { get; }

    public string Error { get; }

    public TrainedModel Model { get; }

    public IReadOnlyList<HistoryRow> History { get; }

    internal Report Report { get; }

    public string Page => System.IO.File.ReadAllText(File(ReportWriter.PageName));

    public string File(string name) => _directory.File(name);

    public void Dispose() => _directory.Dispose();
}
