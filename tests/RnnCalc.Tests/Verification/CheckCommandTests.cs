using System.Text.Json;
using RnnCalc.Tests.Cli;

namespace RnnCalc.Tests.Verification;

public sealed class CheckCommandTests
{
    [Fact]
    public void Verify_writes_a_certificate_that_check_accepts()
    {
        using var temp = new TempDirectory();
        var certificate = temp.File("proof.json");

        var verify = CliRun.Of("verify", "--op", "add", "--certificate", certificate, "--format", "json");
        var check = CliRun.Of("check", certificate);

        Assert.Equal(0, verify.ExitCode);
        using var json = JsonDocument.Parse(verify.Output);
        Assert.Equal(certificate, json.RootElement.GetProperty("certificate").GetString());
        Assert.True(json.RootElement.GetProperty("milliseconds").GetDouble() > 0);
        Assert.Equal(0, check.ExitCode);
        Assert.StartsWith("Accepted: every obligation holds", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_rejects_a_tampered_certificate_in_one_line_with_exit_1()
    {
        using var temp = new TempDirectory();
        var certificate = temp.File("proof.json");
        Assert.Equal(0, CliRun.Of("verify", "--certificate", certificate).ExitCode);
        var text = File.ReadAllText(certificate);
        File.WriteAllText(certificate, text.Replace("\"output\": 0", "\"output\": 1", StringComparison.Ordinal));

        var check = CliRun.Of("check", certificate);

        Assert.Equal(1, check.ExitCode);
        Assert.Single(check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Rejected: transition ", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_a_missing_or_unreadable_file_is_a_one_line_error_with_exit_2()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("model.json"), "{\"format\": \"rnncalc-model\"}");

        var missing = CliRun.Of("check", temp.File("none.json"));
        var unreadable = CliRun.Of("check", temp.File("model.json"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read certificate", missing.ErrorLine, StringComparison.Ordinal);
        Assert.Equal(2, unreadable.ExitCode);
        Assert.Contains("not a readable certificate", unreadable.ErrorLine, StringComparison.Ordinal);
    }
}
