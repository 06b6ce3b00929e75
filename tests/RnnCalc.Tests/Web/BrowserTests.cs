using Microsoft.Playwright;
using RnnCalc.Persistence;
using static Microsoft.Playwright.Assertions;

namespace RnnCalc.Tests.Web;

/// <summary>The real server (<c>rnncalc serve</c>) and Debian's Chromium, driven through the page as a person would.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ServedApp App { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(BrowserFactAttribute.Chromium))
        {
            // Every test here is skipped then (BrowserFactAttribute says why); start nothing.
            return;
        }
        App = await ServedApp.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFactAttribute.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (App is not null)
        {
            Assert.Equal(0, await App.StopAsync());
            await App.DisposeAsync();
        }
    }
}

public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    /// <summary>Script errors and console errors the page reported; a test ends by asserting there were none.</summary>
    private readonly List<string> _problems = [];

    [BrowserFact]
    public async Task TypingACalculationShowsTheAnswerTheBitTableAndTheHiddenState()
    {
        var page = await OpenAsync();
        // The page opens with a worked example; a fresh one proves the box drives it.
        await page.FillAsync("#expression", "99 + 1");
        await page.ClickAsync("#calc-button");
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("100");

        await page.FillAsync("#expression", "200 - 57");
        await page.PressAsync("#expression", "Enter");
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("143");
        await Expect(page.Locator("#exact-result")).ToHaveTextAsync("143");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("right");

        var rows = page.Locator("#bits tbody tr");
        await Expect(rows).ToHaveCountAsync(10);
        await Expect(page.Locator("#bits tbody tr.wrong")).ToHaveCountAsync(0);
        var first = await rows.First.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["0", "0", "1"], first.Take(3));
        Assert.StartsWith("0.98", first[3].Trim(), StringComparison.Ordinal);
        Assert.Equal(["1", "1", "1"], first.Skip(4));
        await Expect(page.Locator("#state-header")).ToHaveTextAsync("borrow");

        // The heatmap is drawn, and the slider and the play button step through it.
        Assert.True(await page.EvalOnSelectorAsync<int>("#heatmap", "c => c.width") > 100);
        await page.Locator("#step-slider").FillAsync("5");
        await Expect(page.Locator("#step-label")).ToHaveTextAsync("5 of 9");
        await Expect(rows.Nth(5)).ToHaveClassAsync("current");
        await Expect(page.Locator("#step-story")).ToContainTextAsync("Step 5:");
        await page.Locator("#step-slider").FillAsync("0");
        await page.ClickAsync("#play");
        await Expect(page.Locator("#step-label")).Not.ToHaveTextAsync("0 of 9");
        await Expect(page.Locator("#step-label")).ToHaveTextAsync("9 of 9");

        // The default network is proven right for every length, and its 2-state borrow machine is drawn.
        await Expect(page.Locator("#machine-help")).ToContainTextAsync("Proven", new() { Timeout = 30_000 });
        await Expect(page.Locator("#machine-canvas")).ToHaveAttributeAsync("data-states", "2");
        // Each state's self-loop leaves and re-enters the state's own circle: an arrow to itself, not a circle of its own.
        var loops = System.Text.Json.JsonDocument.Parse(await page.GetAttributeAsync("#machine-canvas", "data-loops") ?? "[]").RootElement.EnumerateArray().ToList();
        Assert.Equal([0, 1], loops.Select(l => l.GetProperty("state").GetInt32()).Order());
        foreach (var loop in loops)
        {
            double x = loop.GetProperty("x").GetDouble(), y = loop.GetProperty("y").GetDouble(), radius = loop.GetProperty("radius").GetDouble();
            foreach (var end in new[] { "start", "end" })
            {
                var point = loop.GetProperty(end);
                var distance = Math.Sqrt(Math.Pow(point.GetProperty("x").GetDouble() - x, 2) + Math.Pow(point.GetProperty("y").GetDouble() - y, 2));
                Assert.True(Math.Abs(distance - radius) < 0.5, $"loop {end} of state {loop.GetProperty("state")} is {distance:0.0} from its centre, radius {radius}");
            }
        }
        await page.Locator("#step-slider").FillAsync("4");
        await ScreenshotAsync(page, "machine");

        await page.FillAsync("#expression", "200 ** 57");
        await page.PressAsync("#expression", "Enter");
        await Expect(page.Locator("#calc-error")).ToContainTextAsync("there is no power operator");
        Assert.DoesNotContain(_problems, p => !p.Contains("400", StringComparison.Ordinal));
        await ScreenshotAsync(page, "calculate");
    }

    [BrowserFact]
    public async Task TrainingDrawsTheChartLiveAndTheNewNetworkBecomesTheCalculator()
    {
        var page = await OpenAsync();
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("143");
        // Record every value the chart reports, to see it grow while training runs.
        await page.EvaluateAsync("""
            () => {
              window.pointsSeen = [];
              const chart = document.getElementById('chart');
              new MutationObserver(() => window.pointsSeen.push(Number(chart.dataset.points)))
                .observe(chart, { attributes: true, attributeFilter: ['data-points'] });
            }
            """);

        // A network after 5 updates is wrong, and the page shows which bits.
        await page.ClickAsync("summary");
        await SetTrainingAsync(page, iterations: "5", untilSolved: false, slow: false);
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#train-result")).ToBeVisibleAsync();
        await Expect(page.Locator("#networks")).ToContainTextAsync("your subtract network");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("wrong");
        Assert.True(await page.Locator("#bits tbody tr.wrong").CountAsync() > 0);

        // A real (short, slowed-down) run: the chart moves, it solves, the calculator uses it.
        await SetTrainingAsync(page, iterations: "3000", untilSolved: true, slow: true);
        await page.EvaluateAsync("() => { window.pointsSeen = []; }");
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#stop-button")).ToBeEnabledAsync();
        await Expect(page.Locator("#train-result")).ToContainTextAsync("Solved", new() { Timeout = 60_000 });
        var seen = await page.EvaluateAsync<int[]>("() => window.pointsSeen");
        Assert.True(seen.Distinct().Count(n => n > 0) >= 3, $"the chart should grow while training; saw {string.Join(",", seen)}");
        Assert.True(seen[^1] > 100, $"points drawn: {seen[^1]}");
        await Expect(page.Locator("#stop-button")).ToBeDisabledAsync();

        var href = await page.Locator("#download-link").GetAttributeAsync("href");
        Assert.StartsWith("/api/models/", href, StringComparison.Ordinal);
        var id = href!["/api/models/".Length..];
        using var client = new HttpClient { BaseAddress = fixture.App.Url };
        var model = ModelFile.Parse(await client.GetByteArrayAsync(href));
        Assert.NotNull(model.Training.SolvedAt);

        var request = await page.RunAndWaitForRequestAsync(
            async () =>
            {
                await page.FillAsync("#expression", "200 - 57");
                await page.PressAsync("#expression", "Enter");
            },
            r => r.Url.EndsWith("/api/calc", StringComparison.Ordinal));
        Assert.Contains(id, request.PostData, StringComparison.Ordinal);
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("143");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("right");
        await Expect(page.Locator("#networks")).ToContainTextAsync("solved at update");
        Assert.Empty(_problems);
        await ScreenshotAsync(page, "train");
    }

    private async Task<IPage> OpenAsync()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1600 } });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Add(message.Text);
            }
        };
        page.PageError += (_, error) => _problems.Add(error);
        await page.GotoAsync(fixture.App.Url.ToString());
        await Expect(page.Locator("h1")).ToHaveTextAsync("RnnCalc");
        return page;
    }

    /// <summary>With RNNCALC_SCREENSHOTS=DIR set, saves the whole page there, to look at what a person sees.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RNNCALC_SCREENSHOTS") is { Length: > 0 } directory)
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, $"{name}.png"), FullPage = true });
        }
    }

    private static async Task SetTrainingAsync(IPage page, string iterations, bool untilSolved, bool slow)
    {
        await page.SelectOptionAsync("select[name=operation]", "subtract");
        await page.FillAsync("input[name=bits]", "8");
        await page.FillAsync("input[name=hidden]", "16");
        await page.FillAsync("input[name=learningRate]", "0.9");
        await page.FillAsync("input[name=seed]", "0");
        await page.SelectOptionAsync("select[name=optimizer]", "sgd");
        await page.FillAsync("input[name=iterations]", iterations);
        await page.FillAsync("input[name=checkEvery]", "250");
        await page.Locator("input[name=untilSolved]").SetCheckedAsync(untilSolved);
        await page.Locator("input[name=slow]").SetCheckedAsync(slow);
    }
}
