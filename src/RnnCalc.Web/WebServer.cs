using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RnnCalc.Web.Api;
using RnnCalc.Web.Jobs;
using RnnCalc.Web.Models;

namespace RnnCalc.Web;

/// <summary>
/// The web app: the page (embedded in this assembly), the JSON API, and the OpenAPI document at /openapi/v1.json.
/// <c>rnncalc serve</c> and this project's own entry point both build it here.
/// </summary>
public static class WebServer
{
    /// <summary>The page's files are embedded resources under this prefix (folder Page/).</summary>
    private const string PageResources = "RnnCalc.Web.Page";

    /// <summary>
    /// Builds the app; the default networks are loaded before this returns, so the first request finds them.
    /// <paramref name="urls"/> overrides where it listens (default <see cref="WebServerOptions.DefaultUrls"/>).
    /// With <paramref name="commandLine"/> it ignores the working directory's settings and logs warnings to stderr only.
    /// </summary>
    public static WebApplication Create(string[] args, Action<WebServerOptions>? configure = null, string? urls = null, bool commandLine = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(WebServer).Assembly.GetName().Name,
            ContentRootPath = commandLine ? AppContext.BaseDirectory : null,
            EnvironmentName = commandLine ? Environments.Production : null,
        });
        if (commandLine)
        {
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            // A failed start (port in use) is reported by the command in one line; the host's stack trace adds nothing.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }
        else if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(WebServerOptions.DefaultUrls);
        }

        // Read at resolve time, after every configuration source (tests add theirs late) has been applied.
        builder.Services.AddSingleton(services =>
        {
            var options = new WebServerOptions();
            services.GetRequiredService<IConfiguration>().GetSection(WebServerOptions.Section).Bind(options);
            configure?.Invoke(options);
            options.Validate();
            return options;
        });
        builder.Services.AddSingleton(services => new ModelStore(services.GetRequiredService<WebServerOptions>().MaxModels));
        builder.Services.AddSingleton<JobManager>();
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<WebServerOptions>();
            return new Verifications(options.VerifyTimeLimit, options.MaxModels + 2);
        });
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IServiceProvider>((kestrel, services) =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = services.GetRequiredService<WebServerOptions>().MaxBodyBytes;
        });
        // The OpenAPI document describes the API's types through these options; a native build has no reflection to
        // fall back on, so they come from the source-generated context.
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, WebJson.Default));
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "RnnCalc";
            document.Info.Description = "A recurrent network that learned binary arithmetic: calculate with it bit by bit, train new ones and follow them live (Server-Sent Events), download and verify them. Errors are {\"error\": \"one line\"}.";
            ApiEndpoints.DocumentMethodNotAllowed(document);
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        var jobs = app.Services.GetRequiredService<JobManager>();
        app.Services.GetRequiredService<ModelStore>();
        app.Lifetime.ApplicationStopping.Register(jobs.StopAll);

        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteExceptionAsync });
        app.UseStatusCodePages(WriteStatusAsync);
        app.Use(static (context, next) =>
        {
            // The page loads nothing from elsewhere; the policy makes that a guarantee, not a habit.
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        var page = new EmbeddedFileProvider(typeof(WebServer).Assembly, PageResources);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = page,
            // Always revalidate, so a new build's page is never mixed with an old cached script.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapOpenApi();
        ApiEndpoints.Map(app);
        return app;
    }

    /// <summary>Unhandled exceptions: a status and one line, never a stack trace (the log has it).</summary>
    private static Task WriteExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var (status, message) = error switch
        {
            Microsoft.AspNetCore.Http.BadHttpRequestException bad => (bad.StatusCode, "bad request: " + OneLine(bad.Message)),
            ApiException api => (api.StatusCode, api.Message),
            _ => (StatusCodes.Status500InternalServerError, "internal error; the server log has the details"),
        };
        context.Response.StatusCode = status;
        return WriteErrorAsync(context, message);
    }

    /// <summary>Empty error responses (unknown path, wrong method, …) get the same JSON shape as the API's own.</summary>
    private static Task WriteStatusAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var request = context.Request;
        var where = $"{request.Method} {JsonRequest.Shorten(request.Path.Value ?? "/")}";
        var message = context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"nothing at {where}; the page is at / and the API is described at /openapi/v1.json",
            StatusCodes.Status405MethodNotAllowed => $"{where}: method not allowed here; see /openapi/v1.json",
            StatusCodes.Status415UnsupportedMediaType => $"{where} takes a JSON body: send it with the header Content-Type: application/json",
            var code => (ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase.ToLowerInvariant() : string.Create(CultureInfo.InvariantCulture, $"status {code}")) + $" ({where})",
        };
        return WriteErrorAsync(context, message);
    }

    private static Task WriteErrorAsync(HttpContext context, string message) =>
        context.Response.WriteAsJsonAsync(new ErrorLine(message), WebJson.Readable.ErrorLine);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
