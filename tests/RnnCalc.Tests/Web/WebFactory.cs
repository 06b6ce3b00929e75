using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using RnnCalc.Web;

namespace RnnCalc.Tests.Web;

/// <summary>
/// The web app in-process (TestServer) with optional limits. Any public type of the web assembly names its entry
/// point; <see cref="WebServerOptions"/> is used because both projects have a top-level <c>Program</c>.
/// </summary>
public sealed class WebFactory : WebApplicationFactory<WebServerOptions>
{
    private readonly IReadOnlyDictionary<string, string> _settings;

    public WebFactory()
        : this(new Dictionary<string, string>())
    {
    }

    internal WebFactory(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting($"{WebServerOptions.Section}:{key}", value);
        }
    }
}
