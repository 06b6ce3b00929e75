using System.Runtime.CompilerServices;

namespace RnnCalc.Tests.Web;

/// <summary>
/// A browser test: skipped when Debian's Chromium is not installed, and then named with the reason, so even
/// <c>dotnet test</c>'s terse output says on one line what is missing and which command installs it.
/// <c>./test</c> installs Chromium first and fails on any skip, so a skip never passes unnoticed there.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public const string MissingReason = Chromium + " is missing: ./test installs Debian's chromium (or: apt-get install -y chromium)";

    public BrowserFactAttribute([CallerMemberName] string test = "")
    {
        if (!File.Exists(Chromium))
        {
            Skip = MissingReason;
            DisplayName = $"{test} skipped: {MissingReason}";
        }
    }
}
