using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
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
        var loops = JsonDocument.Parse(await page.GetAttributeAsync("#machine-canvas", "data-loops") ?? "[]").RootElement.EnumerateArray().ToList();
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
        // The decisive verdict, its time, and the proof's certificate to download.
        await Expect(page.Locator("#machine-verdict-text")).ToHaveTextAsync(new Regex(@"^Verdict: proven, in [\d.,]+ ms\.$"));
        await Expect(page.Locator("#certificate-link")).ToBeVisibleAsync();
        Assert.Equal("/api/models/default-subtract/certificate", await page.GetAttributeAsync("#certificate-link", "href"));

        // A product is many runs of the add network: pick the second, and its own bits are shown.
        using var client = new HttpClient { BaseAddress = fixture.App.Url };
        using var listed = await client.PostAsync("/api/calc/runs", new StringContent("""{"expression": "12 * 13"}""", System.Text.Encoding.UTF8, "application/json"));
        using var runs = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        var all = runs.RootElement.GetProperty("runs").EnumerateArray().ToList();
        Assert.True(all.Count >= 2, $"12 * 13 took {all.Count} runs");
        await page.FillAsync("#expression", "12 * 13");
        await page.PressAsync("#expression", "Enter");
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("156");
        await Expect(page.Locator("#run-picker")).ToBeVisibleAsync();
        await Expect(page.Locator("#run-select option")).ToHaveCountAsync(all.Count);
        await Expect(page.Locator("#bits-caption")).ToContainTextAsync($"run {all[0].GetProperty("number").GetInt32()}:");
        var second = all[1];
        var (a, b, steps) = (BigInteger.Parse(second.GetProperty("a").GetString()!, CultureInfo.InvariantCulture), BigInteger.Parse(second.GetProperty("b").GetString()!, CultureInfo.InvariantCulture), second.GetProperty("steps").GetInt32());
        Assert.Contains($"{a} + {b} = {second.GetProperty("result").GetString()}", await page.Locator("#run-select option").Nth(1).TextContentAsync(), StringComparison.Ordinal);
        await page.SelectOptionAsync("#run-select", second.GetProperty("number").GetInt32().ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#bits-caption")).ToContainTextAsync($"run {second.GetProperty("number").GetInt32()}: {a} + {b} = ");
        await Expect(rows).ToHaveCountAsync(steps);
        // The table's a and b columns are the run's operands, lowest bit first.
        var table = await page.EvalOnSelectorAllAsync<string[][]>("#bits tbody tr", "rows => rows.map(r => [...r.cells].slice(1, 3).map(c => c.textContent))");
        Assert.Equal(Enumerable.Range(0, steps).Select(i => ((int)((a >> i) & 1)).ToString(CultureInfo.InvariantCulture)), table.Select(r => r[0]));
        Assert.Equal(Enumerable.Range(0, steps).Select(i => ((int)((b >> i) & 1)).ToString(CultureInfo.InvariantCulture)), table.Select(r => r[1]));
        await Expect(page.Locator("#state-header")).ToHaveTextAsync("carry");
        await Expect(page.Locator("#step-label")).ToHaveTextAsync($"0 of {steps - 1}");
        await Expect(page.Locator("#machine-verdict-text")).ToContainTextAsync("Verdict: proven", new() { Timeout = 30_000 });
        Assert.Equal("/api/models/default-add/certificate", await page.GetAttributeAsync("#certificate-link", "href"));
        await ScreenshotAsync(page, "runs");

        await page.FillAsync("#expression", "200 ** 57");
        await page.PressAsync("#expression", "Enter");
        await Expect(page.Locator("#calc-error")).ToContainTextAsync("there is no power operator");
        Assert.DoesNotContain(_problems, p => !p.Contains("400", StringComparison.Ordinal));
        await ScreenshotAsync(page, "calculate");
    }

    [BrowserFact]
    public async Task TheChinesePageIsChosenByTheBrowserTranslatedThroughoutAndTheSwitchChangesIt()
    {
        var page = await OpenAsync("zh-CN");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Expect(page.Locator("#calc-title")).ToHaveTextAsync("1 计算");
        await Expect(page.Locator("#network-result")).ToHaveTextAsync("143");
        // Both tables have the same keys, each of the same kind (text or function).
        var mismatched = await page.EvaluateAsync<string[]>("""
            () => {
              const m = window.RnnCalcMessages;
              const keys = new Set([...Object.keys(m.en), ...Object.keys(m['zh-CN'])]);
              return [...keys].filter((k) => typeof m.en[k] !== typeof m['zh-CN'][k]);
            }
            """);
        Assert.Empty(mismatched);

        // Fill every panel: a product and a difference (the run picker and both machines), and a short training
        // whose network is wrong and unproven, so its verdict, its counterexample and the wrong rows show too.
        await page.ClickAsync("summary");
        await SetTrainingAsync(page, iterations: "5", untilSolved: false, slow: false);
        await page.ClickAsync("#train-button");
        await Expect(page.Locator("#train-result")).ToContainTextAsync("下载模型文件", new() { Timeout = 30_000 });
        await page.FillAsync("#expression", "200 - 57 * 3");
        await page.PressAsync("#expression", "Enter");
        await Expect(page.Locator("#run-picker")).ToBeVisibleAsync();
        await Expect(page.Locator("#bits-caption")).ToContainTextAsync("第 1 次运行");
        await Expect(page.Locator("#machine-verdict-text")).ToContainTextAsync("结论：已证明", new() { Timeout = 30_000 });
        await AssertNoEnglishAsync(page);
        await page.Locator("#operation-tabs button").Nth(1).ClickAsync();
        await Expect(page.Locator("#state-header")).ToHaveTextAsync("退位");
        await Expect(page.Locator("#machine-verdict-text")).ToContainTextAsync(new Regex("结论：(找到了反例|未能判定)"), new() { Timeout = 30_000 });
        // The verifier's fixed phrases are translated too (the default 8-bit check, 32,896 pairs).
        await Expect(page.Locator("#machine-help")).ToContainTextAsync(new Regex("未能证明：在全部 32,896 对 8 位数中答错了 [\\d,]+ 对"));
        await Expect(page.Locator("#verdict")).ToContainTextAsync("错误");
        await page.Locator("#step-slider").FillAsync("3");
        await Expect(page.Locator("#step-story")).ToContainTextAsync("第 3 步");
        await AssertNoEnglishAsync(page);
        await ScreenshotAsync(page, "chinese");

        // The switch overrides the browser's language, everything shown follows, and the choice is remembered.
        await page.ClickAsync("#languages button[data-language=en]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#calc-title")).ToHaveTextAsync("1 Calculate");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("wrong");
        await Expect(page.Locator("#state-header")).ToHaveTextAsync("borrow");
        await Expect(page.Locator("#machine-verdict-text")).ToContainTextAsync(new Regex("Verdict: (counterexample found|undecided)"));
        await Expect(page.Locator("#train-status")).ToContainTextAsync("updates");
        Assert.Contains("updates", await page.GetAttributeAsync("#chart", "data-labels"), StringComparison.Ordinal);
        await Expect(page).ToHaveTitleAsync("RnnCalc: a recurrent network doing arithmetic");
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", string.Join("\n", await VisibleTextsAsync(page)));
        await page.ReloadAsync();
        await Expect(page.Locator("#calc-title")).ToHaveTextAsync("1 Calculate");
        await Expect(page.Locator("#languages button[data-language=en]")).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Empty(_problems);
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
        // (with the fast step, which the job's settings then say)
        await SetTrainingAsync(page, iterations: "5", untilSolved: false, slow: false, fast: true);
        await page.ClickAsync("#train-button");
        // A wait, not a timing: the machine may be busy with the other tests.
        await Expect(page.Locator("#train-result")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("#networks")).ToContainTextAsync("your subtract network");
        await Expect(page.Locator("#verdict")).ToContainTextAsync("wrong");
        Assert.True(await page.Locator("#bits tbody tr.wrong").CountAsync() > 0);
        var fastJob = (await page.Locator("#download-link").GetAttributeAsync("href"))!["/api/models/".Length..];
        using (var jobs = new HttpClient { BaseAddress = fixture.App.Url })
        {
            using var fastState = JsonDocument.Parse(await jobs.GetStringAsync(new Uri($"/api/train/{fastJob}", UriKind.Relative)));
            Assert.True(fastState.RootElement.GetProperty("settings").GetProperty("fast").GetBoolean());
        }

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

    /// <summary>
    /// Words of the English message table (two letters or more) that the Chinese page must not show, but names and
    /// units it keeps: the cells, optimizers and formats, and rnncalc's commands.
    /// </summary>
    private static readonly HashSet<string> Untranslated = new(
        ["RnnCalc", "rnncalc", "GRU", "LSTM", "RNN", "nn", "tanh", "sigmoid", "PyTorch", "JSON", "API", "Adam", "SGD", "NaN", "alpha", "verify", "check", "svg", "serve"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>No text the page shows (text, tooltips, placeholders, options, what its canvases draw) holds a word of the English table.</summary>
    private static async Task AssertNoEnglishAsync(IPage page)
    {
        var english = await page.EvaluateAsync<string[]>("""
            () => Object.values(window.RnnCalcMessages.en).map((m) => String(m).replace(/<[^>]*>/g, ' '))
            """);
        var words = english.SelectMany(m => Regex.Matches(m, "[A-Za-z]{2,}").Select(w => w.Value)).Where(w => !Untranslated.Contains(w)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("borrow", words);
        var left = (await VisibleTextsAsync(page))
            .SelectMany(text => Regex.Matches(text, "[A-Za-z]{2,}").Where(w => words.Contains(w.Value)).Select(w => $"'{w.Value}' in \"{text}\""))
            .ToList();
        Assert.True(left.Count == 0, "untranslated: " + string.Join("; ", left.Distinct().Take(20)));
    }

    /// <summary>
    /// Every text the page shows in its own language: visible text nodes, tooltips, placeholders and labels, the
    /// options of visible menus, the labels drawn on its canvases, the title. Code and text marked as another
    /// language (the server's own words, the other language's button) are left out.
    /// </summary>
    private static async Task<string[]> VisibleTextsAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
          const other = `code, kbd, [lang]:not([lang="${document.documentElement.lang}"])`;
          const shown = (el) => el && !el.closest(other) && el.checkVisibility();
          const texts = [document.title];
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.textContent.trim() && shown(node.parentElement)) texts.push(node.textContent);
          }
          for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
            if (!shown(el)) continue;
            for (const name of ['title', 'placeholder', 'aria-label']) if (el.hasAttribute(name)) texts.push(el.getAttribute(name));
          }
          for (const option of document.querySelectorAll('select option')) if (shown(option.parentElement)) texts.push(option.textContent);
          for (const canvas of document.querySelectorAll('canvas')) if (shown(canvas) && canvas.dataset.labels) texts.push(...canvas.dataset.labels.split('\n'));
          return texts;
        }
        """);

    private async Task<IPage> OpenAsync(string locale = "en-US")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 1600 }, Locale = locale });
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
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", locale.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en");
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

    private static async Task SetTrainingAsync(IPage page, string iterations, bool untilSolved, bool slow, bool fast = false)
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
        await page.Locator("input[name=fast]").SetCheckedAsync(fast);
    }
}
