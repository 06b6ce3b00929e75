using RnnCalc.Web.Api;

namespace RnnCalc.Web.Models;

/// <summary>A held network's verdict for the page, and its certificate (as <c>rnncalc verify --certificate</c> writes it) when proven.</summary>
public sealed record Verification(MachineLine Line, byte[]? Certificate);
