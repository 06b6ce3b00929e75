using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.OpenApi;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;
using RnnCalc.Training;
using RnnCalc.Training.Settings;
using RnnCalc.Web.Jobs;
using RnnCalc.Web.Models;

namespace RnnCalc.Web.Api;

/// <summary>The JSON API under /api: calculate, train (with a Server-Sent Events stream), stop, upload and download models.</summary>
public static class ApiEndpoints
{
    private const string CalcExample = "{\"expression\": \"200 - 57\"}";
    private const string TrainExample = "{\"operation\": \"subtract\", \"bits\": 8}";

    private static readonly string[] CalcFields = ["expression", "trace", "maxBits", "models", "run"];
    private static readonly string[] RunsFields = ["expression", "maxBits", "models", "from", "count"];
    /// <summary>The training settings a web client may set (the others keep their defaults), by their JSON names.</summary>
    private static readonly TrainingSetting[] TrainSettings =
    [
        TrainingSettings.Cell, TrainingSettings.Operation, TrainingSettings.Bits, TrainingSettings.Range, TrainingSettings.Hidden, TrainingSettings.LearningRate,
        TrainingSettings.Seed, TrainingSettings.Optimizer, TrainingSettings.Batch, TrainingSettings.Clip, TrainingSettings.Iterations, TrainingSettings.UntilSolved, TrainingSettings.CheckEvery,
        TrainingSettings.Fast,
    ];

    /// <summary>Runs listed per POST /api/calc/runs at most (a 1000-digit product has thousands).</summary>
    private const int MaxRunsListed = 500;

    private static readonly string[] TrainFields = [.. TrainSettings.Select(s => s.JsonName), "updatesPerSecond"];

    public static void Map(IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api");
        // Refusals thrown anywhere in a handler become {"error": …} with their status.
        api.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (ApiException e)
            {
                return Error(e.StatusCode, e.Message);
            }
        });

        api.MapPost("/calc", Calc)
            .WithSummary("Calculate with the networks, bit by bit (+ - * / % and parentheses): the same JSON as `rnncalc calc --format json` (with \"trace\": true, as --trace; with \"run\": N, the bit table of network run N, as --trace-run N).")
            .Accepts<CalcRequest>("application/json")
            .Produces<CalcLine>()
            .RefusesBadBodies();
        api.MapPost("/calc/runs", Runs)
            .WithSummary("The network runs of a calculation without their bits (number, operation, operands, result, steps): \"count\" of them from run \"from\", to pick one for POST /api/calc with \"run\".")
            .Accepts<RunsRequest>("application/json")
            .Produces<RunsLine>()
            .RefusesBadBodies();
        api.MapPost("/train", Train)
            .WithSummary("Start training a network; returns the job, whose events stream follows it and whose model is usable when it is done.")
            .Accepts<TrainRequest>("application/json")
            .Produces<JobLine>(StatusCodes.Status202Accepted)
            .RefusesBadBodies()
            .Produces<ErrorLine>(StatusCodes.Status429TooManyRequests);
        api.MapGet("/train/{id}", Job)
            .WithSummary("A training job's settings and state.")
            .Produces<JobLine>()
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/train/{id}/events", Events)
            .WithSummary("Server-Sent Events: \"progress\" (update, error, smoothedError, accuracy at exhaustive checks) as training goes, then one \"done\"; the stream then ends. Last-Event-ID resumes.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapPost("/train/{id}/stop", Stop)
            .WithSummary("Stop a training job; it keeps what it learned and its network becomes usable.")
            .Produces<JobLine>(StatusCodes.Status202Accepted)
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/models", ListModels)
            .WithSummary("The networks this server holds: the default subtract and add networks and those trained here.")
            .Produces<IReadOnlyList<ModelLine>>();
        api.MapPost("/models", Upload)
            .WithSummary("Upload a network file (the body, any content type): an rnncalc model file or checkpoint, a numpy .npz with the tutorial's, Trask's or PyTorch's names, or the tutorial's printed run, as `--model` takes them; ?op= and ?initialHidden= give what the file does not say. Returns its id for calc and verify.")
            .Produces<UploadLine>(StatusCodes.Status201Created)
            .Produces<ErrorLine>(StatusCodes.Status400BadRequest)
            .Produces<ErrorLine>(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/models/{id}", Download)
            .WithSummary("Download a network as an rnncalc model file (usable with `rnncalc calc --model FILE`).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/models/{id}/verify", Verify)
            .WithSummary("Prove a network right for numbers of every length (as `rnncalc verify`), and its minimised machine; computed once per network.")
            .Produces<MachineLine>()
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/models/{id}/certificate", Certificate)
            .WithSummary("Download a proven network's certificate (as `rnncalc verify --certificate FILE` writes it; `rnncalc check FILE` re-checks it).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/info", Info)
            .WithSummary("The server's limits and the networks it holds.")
            .Produces<InfoLine>();
    }

    /// <summary>The refusals of a handler that reads a JSON body: bad (400), too large (413), not JSON (415).</summary>
    private static RouteHandlerBuilder RefusesBadBodies(this RouteHandlerBuilder builder) => builder
        .Produces<ErrorLine>(StatusCodes.Status400BadRequest)
        .Produces<ErrorLine>(StatusCodes.Status413PayloadTooLarge)
        .Produces<ErrorLine>(StatusCodes.Status415UnsupportedMediaType);

    /// <summary>
    /// Every path answers another method than its own with 405 and the usual {"error": …} (the status-code page does
    /// it, not a handler), so the document says so for every operation.
    /// </summary>
    public static void DocumentMethodNotAllowed(OpenApiDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Responses ??= new OpenApiResponses();
            operation.Responses.TryAdd("405", new OpenApiResponse { Description = "Another method than this one on this path: {\"error\": …}" });
        }
    }

    public static JsonHttpResult<ErrorLine> Error(int status, string message) =>
        TypedResults.Json(new ErrorLine(message), WebJson.Readable.ErrorLine, statusCode: status);

    private static async Task<IResult> Calc(HttpContext context, ModelStore models, WebServerOptions options)
    {
        var request = await JsonRequest.ReadAsync(context.Request, options.MaxBodyBytes, CalcExample, CalcFields).ConfigureAwait(false);
        var trace = request.Bool("trace") ?? false;
        var run = request.Int("run", 1, int.MaxValue);
        var (calculation, calculator) = Evaluate(request, models, options);
        if (run > calculation.Runs.Count)
        {
            throw new ApiException(Invariant($"run {run}: the calculation took {calculation.Runs.Count:N0} network run{(calculation.Runs.Count == 1 ? string.Empty : "s")}"));
        }
        // Bit rows returned: every + and − when traced (one run each), and the chosen run.
        var steps = (trace ? calculation.Operations.Where(o => o.Runs.Count == 1).Sum(o => (long)o.Runs[0].Steps) : 0) + (run is { } n ? calculation.Runs[n - 1].Steps : 0);
        if (steps > options.MaxTraceSteps)
        {
            throw new ApiException(Invariant($"the trace would have {steps:N0} bit rows, more than the {options.MaxTraceSteps:N0} this server returns; ask without \"trace\" or for a shorter \"run\""));
        }
        return TypedResults.Json(CalcLine.From(calculation, calculator, trace, run), WebJson.Readable.CalcLine);
    }

    private static async Task<IResult> Runs(HttpContext context, ModelStore models, WebServerOptions options)
    {
        var request = await JsonRequest.ReadAsync(context.Request, options.MaxBodyBytes, CalcExample, RunsFields).ConfigureAwait(false);
        var from = request.Int("from", 1, int.MaxValue) ?? 1;
        var count = request.Int("count", 1, MaxRunsListed) ?? MaxRunsListed;
        var (calculation, _) = Evaluate(request, models, options);
        var runs = calculation.Runs.Skip(from - 1).Take(count)
            .Select(r => new RunSummaryLine(r.Number, r.Operation.Name, Text(r.A), Text(r.B), Text(r.Result), Text(r.Exact), r.Correct, r.Steps))
            .ToList();
        return TypedResults.Json(new RunsLine(calculation.Runs.Count, runs), WebJson.Readable.RunsLine);
    }

    /// <summary>The expression of a calc request evaluated by the networks asked for (the defaults fill in).</summary>
    private static (Calculation Calculation, Calculator Calculator) Evaluate(JsonRequest request, ModelStore models, WebServerOptions options)
    {
        var text = request.String("expression", required: true)!;
        var maxBits = request.Int("maxBits", 1, options.MaxBits) ?? options.MaxBits;
        var ids = request.Strings("models", Operation.All.Count) ?? [];
        if (text.Length > options.MaxExpressionLength)
        {
            throw new ApiException(Invariant($"the expression is {text.Length:N0} characters long; at most {options.MaxExpressionLength:N0} are accepted"));
        }

        var networks = Operation.All.ToDictionary(op => op, op => models.Default(op).Model.Network);
        var chosen = new HashSet<Operation>();
        foreach (var id in ids)
        {
            var model = models.Get(id) ?? throw new ApiException($"no model '{JsonRequest.Shorten(id)}' on this server; GET /api/models lists them");
            if (!chosen.Add(model.Model.Config.Operation))
            {
                throw new ApiException($"two of the models given are trained for {model.Model.Config.Operation.Name}; give one per operation");
            }
            networks[model.Model.Config.Operation] = model.Model.Network;
        }

        var calculator = new Calculator(networks);
        try
        {
            return (calculator.Calculate(Expression.Parse(text, maxBits)), calculator);
        }
        catch (ExpressionException e)
        {
            // The library's messages name the CLI option; here the same limit is the field maxBits.
            throw new ApiException(e.Message.Replace("--max-bits", "maxBits", StringComparison.Ordinal));
        }
    }

    private static async Task<IResult> Train(HttpContext context, JobManager jobs, WebServerOptions options)
    {
        var request = await JsonRequest.ReadAsync(context.Request, options.MaxBodyBytes, TrainExample, TrainFields).ConfigureAwait(false);
        var limits = new SettingLimits()
            .Cap(TrainingSettings.Bits.Name, 1, options.MaxTrainingBits)
            .Cap(TrainingSettings.Hidden.Name, 1, options.MaxHidden)
            .Cap(TrainingSettings.LearningRate.Name, 0, 100)
            .Cap(TrainingSettings.Batch.Name, 1, options.MaxBatch)
            .Cap(TrainingSettings.Iterations.Name, 1, options.MaxIterations)
            .Cap(TrainingSettings.CheckEvery.Name, 1, options.MaxIterations);
        var config = TrainingSettings.Build(request.Settings(TrainSettings, limits));
        if (config.Fast && Trainer.FastRefusals(config) is { Count: > 0 } refused)
        {
            throw new ApiException($"'fast' trains every cell, but not with 'batch' above 1 or 'clip', and the sigmoid cell with sgd only: drop {string.Join(", ", refused.Select(r => $"'{r.JsonName}'"))}");
        }
        var updatesPerSecond = request.Int("updatesPerSecond", 1, 10_000_000);
        var job = jobs.Start(config, updatesPerSecond);
        return TypedResults.Json(Line(job), WebJson.Readable.JobLine, statusCode: StatusCodes.Status202Accepted);
    }

    private static JsonHttpResult<JobLine> Job(string id, JobManager jobs) => TypedResults.Json(Line(Find(jobs, id)), WebJson.Readable.JobLine);

    private static ServerSentEventsResult<string> Events(string id, HttpContext context, JobManager jobs)
    {
        var job = Find(jobs, id);
        // A reconnecting EventSource sends the id of the last event it got; the events are numbered points.
        var skip = int.TryParse(context.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last : 0;
        return TypedResults.ServerSentEvents(job.Events(skip, context.RequestAborted));
    }

    private static JsonHttpResult<JobLine> Stop(string id, JobManager jobs)
    {
        var job = Find(jobs, id);
        job.Stop(StopReason.User);
        return TypedResults.Json(Line(job), WebJson.Readable.JobLine, statusCode: StatusCodes.Status202Accepted);
    }

    private static JsonHttpResult<IReadOnlyList<ModelLine>> ListModels(ModelStore models) =>
        TypedResults.Json<IReadOnlyList<ModelLine>>([.. models.All().Select(ModelLine)], WebJson.Readable.IReadOnlyListModelLine);

    /// <summary>A network from elsewhere, read as <c>--model</c> reads files, held beside the trained ones (and dropped as they are).</summary>
    private static async Task<IResult> Upload(HttpContext context, ModelStore models, WebServerOptions options)
    {
        var query = context.Request.Query;
        if (query.Keys.FirstOrDefault(k => k is not ("op" or "initialHidden")) is { } unknown)
        {
            throw new ApiException($"unknown query parameter '{JsonRequest.Shorten(unknown)}'; the parameters are: op, initialHidden");
        }
        Operation? operation = null;
        if (query.TryGetValue("op", out var op))
        {
            operation = Operation.All.FirstOrDefault(o => o.Name == op.ToString())
                ?? throw new ApiException($"op must be one of: {string.Join(", ", Operation.All.Select(o => o.Name))} (got '{JsonRequest.Shorten(op.ToString())}')");
        }
        double? initialHidden = null;
        if (query.TryGetValue("initialHidden", out var h0))
        {
            initialHidden = double.TryParse(h0.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && Math.Abs(v) <= 1e3
                ? v
                : throw new ApiException($"initialHidden must be a number from -1000 to 1000 (got '{JsonRequest.Shorten(h0.ToString())}')");
        }
        var body = await JsonRequest.ReadBodyAsync(context.Request, options.MaxBodyBytes).ConfigureAwait(false);
        LoadedNetwork loaded;
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            loaded = NetworkFile.Read(stream, new NetworkFileOptions(operation, initialHidden));
        }
        catch (ModelFileException e)
        {
            throw new ApiException("the network file cannot be used: " + e.Message);
        }
        var hidden = loaded.Model.Network.Hidden;
        if (hidden > options.MaxHidden)
        {
            throw new ApiException(Invariant($"the network has {hidden:N0} hidden units; this server holds networks of at most {options.MaxHidden:N0}"));
        }
        var id = "upload-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        models.Add(id, loaded.Model);
        var stored = models.Get(id)!;
        return TypedResults.Json(new UploadLine(ModelLine(stored), loaded.Kind, loaded.Assumptions), WebJson.Readable.UploadLine, statusCode: StatusCodes.Status201Created);
    }

    private static FileContentHttpResult Download(string id, ModelStore models)
    {
        var model = models.Get(id) ?? throw new ApiException(StatusCodes.Status404NotFound, $"no model '{JsonRequest.Shorten(id)}' on this server; GET /api/models lists them");
        var config = model.Model.Config;
        return TypedResults.File(ModelFile.Serialize(model.Model), "application/json", $"rnncalc-{config.Operation.Name}-{config.Bits}bit-{model.Id}.json");
    }

    private static async Task<JsonHttpResult<MachineLine>> Verify(string id, ModelStore models, Verifications verifications, IHostApplicationLifetime lifetime, HttpContext context)
    {
        var model = models.Get(id) ?? throw new ApiException(StatusCodes.Status404NotFound, $"no model '{JsonRequest.Shorten(id)}' on this server; GET /api/models lists them");
        // The proof is shared by every request for this network, so one client leaving does not cancel it.
        var verification = await verifications.GetAsync(model, lifetime.ApplicationStopping).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(verification.Line, WebJson.Readable.MachineLine);
    }

    private static async Task<FileContentHttpResult> Certificate(string id, ModelStore models, Verifications verifications, IHostApplicationLifetime lifetime, HttpContext context)
    {
        var model = models.Get(id) ?? throw new ApiException(StatusCodes.Status404NotFound, $"no model '{JsonRequest.Shorten(id)}' on this server; GET /api/models lists them");
        var verification = await verifications.GetAsync(model, lifetime.ApplicationStopping).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        var certificate = verification.Certificate ?? throw new ApiException(StatusCodes.Status404NotFound, $"model '{model.Id}' is not proven, so it has no certificate: {verification.Line.Reason}");
        var config = model.Model.Config;
        return TypedResults.File(certificate, "application/json", $"rnncalc-{config.Operation.Name}-{config.Bits}bit-{model.Id}.certificate.json");
    }

    private static JsonHttpResult<InfoLine> Info(ModelStore models, WebServerOptions options) =>
        TypedResults.Json(
            new InfoLine(
                new LimitsLine(options.MaxBits, options.MaxExpressionLength, options.MaxBodyBytes, options.MaxTraceSteps, options.MaxJobs, options.JobTimeLimit.TotalSeconds, options.MaxTrainingBits, options.MaxHidden, options.MaxIterations, options.MaxBatch),
                [.. models.All().Select(ModelLine)],
                Verify: true),
            WebJson.Readable.InfoLine);

    private static TrainingJob Find(JobManager jobs, string id) =>
        jobs.Get(id) ?? throw new ApiException(StatusCodes.Status404NotFound, $"no training job '{JsonRequest.Shorten(id)}' on this server (finished jobs are kept for a while, and not across restarts)");

    private static JobLine Line(TrainingJob job)
    {
        var c = job.Config;
        var done = job.Done;
        return new JobLine(
            job.Id,
            done?.Status ?? "running",
            new TrainSettingsLine(c.Cell.Name, c.Operation.Name, c.Bits, SettingNames.Range(c.Range), c.Hidden, c.LearningRate, c.Seed, SettingNames.Optimizer(c.Optimizer), c.Batch, c.Clip, c.Iterations, c.UntilSolved, c.CheckEvery, c.Fast, job.UpdatesPerSecond),
            done?.Updates ?? job.Updates,
            job.PointCount,
            done,
            $"/api/train/{job.Id}/events",
            $"/api/train/{job.Id}/stop");
    }

    private static ModelLine ModelLine(StoredModel stored)
    {
        var c = stored.Model.Config;
        return new ModelLine(stored.Id, c.Cell.Name, c.Operation.Name, c.Bits, SettingNames.Range(c.Range), c.Hidden, SettingNames.Optimizer(c.Optimizer), stored.Model.Training.Updates, stored.Model.Training.SolvedAt, stored.IsDefault, $"/api/models/{stored.Id}");
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Text(BigInteger value) => value.ToString(CultureInfo.InvariantCulture);
}
