using RnnCalc.Web;

// Run on its own (dotnet run --project src/RnnCalc.Web); `rnncalc serve` is the usual way in.
var app = WebServer.Create(args);
await app.RunAsync().ConfigureAwait(false);
