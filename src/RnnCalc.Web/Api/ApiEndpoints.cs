using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using RnnCalc.Arithmetic;
using RnnCalc.Persistence;
using RnnCalc.Training;
using RnnCalc.Web.Jobs;
using RnnCalc.Web.Models;

namespace RnnCalc.Web.Api;

/// <summary>The JSON API under /api: calculate, train (with a Server-Sent Events stream), stop, download models.</summary>
public static class ApiEndpoints
{
    private const string CalcExample = "{\"expression\": \"200 - 57\"}";
    private const string TrainExample = "{\"operation\": \"subtract\", \"bits\": 8}";

    private static readonly string[] CalcFields = ["expression", "trace", "maxBits", "models", "run"];
    private static readonly string[] TrainFields = ["operation", "bits", "range", "hidden", "learningRate", "seed", "optimizer", "batch", "clip", "iterations", "untilSolved", "checkEvery", "updatesPerSecond"];

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
            .Produces<ErrorLine>(StatusCodes.Status400BadRequest)
            .Produces<ErrorLine>(StatusCodes.Status413PayloadTooLarge);
        api.MapPost("/train", Train)
            .WithSummary("Start training a network; returns the job, whose events stream follows it and whose model is usable when it is done.")
            .Accepts<TrainRequest>("application/json")
            .Produces<JobLine>(StatusCodes.Status202Accepted)
            .Produces<ErrorLine>(StatusCodes.Status400BadRequest)
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
        api.MapGet("/models/{id}", Download)
            .WithSummary("Download a network as an rnncalc model file (usable with `rnncalc calc --model FILE`).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/models/{id}/verify", Verify)
            .WithSummary("Prove a network right for numbers of every length (as `rnncalc verify`), and its minimised machine; computed once per network.")
            .Produces<MachineLine>()
            .Produces<ErrorLine>(StatusCodes.Status404NotFound);
        api.MapGet("/info", Info)
            .WithSummary("The server's limits and the networks it holds.")
            .Produces<InfoLine>();
    }

    public static JsonHttpResult<ErrorLine> Error(int status, string message) =>
        TypedResults.Json(new ErrorLine(message), WebJson.Readable.ErrorLine, statusCode: status);

    private static async Task<IResult> Calc(HttpContext context, ModelStore models, WebServerOptions options)
    {
        var request = await JsonRequest.ReadAsync(context.Request, options.MaxBodyBytes, CalcExample, CalcFields).ConfigureAwait(false);
        var text = request.String("expression", required: true)!;
        var trace = request.Bool("trace") ?? false;
        var maxBits = request.Int("maxBits", 1, options.MaxBits) ?? options.MaxBits;
        var ids = request.Strings("models", Operation.All.Count) ?? [];
        var run = request.Int("run", 1, int.MaxValue);
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

        Calculation calculation;
        var calculator = new Calculator(networks);
        try
        {
            calculation = calculator.Calculate(Expression.Parse(text, maxBits));
        }
        catch (ExpressionException e)
        {
            // The library's messages name the CLI option; here the same limit is the field maxBits.
            throw new ApiException(e.Message.Replace("--max-bits", "maxBits", StringComparison.Ordinal));
        }
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
        return TypedResults.Json(CalcLine.From(calculation, calculator, trace, run), WebJson.Default.CalcLine);
    }

    private static async Task<IResult> Train(HttpContext context, JobManager jobs, WebServerOptions options)
    {
        var request = await JsonRequest.ReadAsync(context.Request, options.MaxBodyBytes, TrainExample, TrainFields).ConfigureAwait(false);
        var operationName = request.Choice("operation", [.. Operation.All.Select(o => o.Name)]) ?? Operation.Subtract.Name;
        var operation = Operation.All.First(o => o.Name == operationName);
        var bits = request.Int("bits", 1, options.MaxTrainingBits) ?? 8;
        var range = request.Choice("range", "tutorial", "full") == "full" ? TrainingRange.Full : TrainingRange.Tutorial;
        var hidden = request.Int("hidden", 1, options.MaxHidden) ?? 16;
        var learningRate = request.Double("learningRate", 0, 100) ?? 0.9;
        var seed = request.Long("seed", 0, uint.MaxValue) ?? 0;
        var optimizer = request.Choice("optimizer", "sgd", "momentum", "adam") ?? "sgd";
        var batch = request.Int("batch", 1, options.MaxBatch) ?? 1;
        var clip = request.Double("clip", 0, 1e12);
        var iterations = request.Long("iterations", 1, options.MaxIterations) ?? 10_000;
        var untilSolved = request.Bool("untilSolved") ?? false;
        var checkEvery = request.Long("checkEvery", 1, options.MaxIterations);
        var updatesPerSecond = request.Int("updatesPerSecond", 1, 10_000_000);
        var config = TrainingConfig.Tutorial with
        {
            Operation = operation,
            Bits = bits,
            Range = range,
            Hidden = hidden,
            LearningRate = learningRate,
            Seed = (uint)seed,
            Optimizer = Enum.Parse<OptimizerKind>(optimizer, ignoreCase: true),
            Batch = batch,
            Clip = clip,
            Iterations = iterations,
            UntilSolved = untilSolved,
            CheckEvery = checkEvery,
        };
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
        var line = await verifications.GetAsync(model, lifetime.ApplicationStopping).WaitAsync(context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(line, WebJson.Readable.MachineLine);
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
            new TrainSettingsLine(c.Operation.Name, c.Bits, RangeName(c.Range), c.Hidden, c.LearningRate, c.Seed, c.Optimizer.ToString().ToLowerInvariant(), c.Batch, c.Clip, c.Iterations, c.UntilSolved, c.CheckEvery, job.UpdatesPerSecond),
            done?.Updates ?? job.Updates,
            job.PointCount,
            done,
            $"/api/train/{job.Id}/events",
            $"/api/train/{job.Id}/stop");
    }

    private static ModelLine ModelLine(StoredModel stored)
    {
        var c = stored.Model.Config;
        return new ModelLine(stored.Id, c.Operation.Name, c.Bits, RangeName(c.Range), c.Hidden, c.Optimizer.ToString().ToLowerInvariant(), stored.Model.Training.Updates, stored.Model.Training.SolvedAt, stored.IsDefault, $"/api/models/{stored.Id}");
    }

    private static string RangeName(TrainingRange range) => range == TrainingRange.Full ? "full" : "tutorial";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
