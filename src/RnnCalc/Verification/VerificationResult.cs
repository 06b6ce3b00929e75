using RnnCalc.Arithmetic;

namespace RnnCalc.Verification;

/// <summary>
/// What <see cref="Verifier.Verify"/> found. <see cref="Proven"/> means: the exhaustive 8-bit check passed, a sound
/// fixed point of boxes (with affine-form lookahead) contains every hidden state reachable from the initial one, every
/// transition's output interval lies strictly on one side of 0.5, and that abstraction agrees with the operation's
/// reference machine on every input — so the network is right for every input of every length.
/// </summary>
/// <param name="Operation">The operation checked against.</param>
/// <param name="Proven">True only with all of the above.</param>
/// <param name="Reason">One sentence: what was proven, or why not.</param>
/// <param name="Machine">
/// The minimised machine: from the proof when proven (margins are proven lower bounds), otherwise from the extraction
/// (margins are the smallest seen).
/// </param>
/// <param name="AbstractStates">States of the proof's abstraction when proven (boxes and lookahead nodes), otherwise the extraction's clusters.</param>
/// <param name="Boxes">Boxes of the proof's abstraction (0 when not proven).</param>
/// <param name="Counterexample">Operands on which the network is really wrong, when one was found.</param>
/// <param name="Attempts">Each proof attempt in order.</param>
/// <param name="Elapsed">Time the whole verification took.</param>
public sealed record VerificationResult(
    Operation Operation,
    bool Proven,
    string Reason,
    MealyMachine Machine,
    int AbstractStates,
    int Boxes,
    Counterexample? Counterexample,
    IReadOnlyList<ProofAttempt> Attempts,
    TimeSpan Elapsed)
{
    /// <summary>True when neither a proof closed nor a counterexample was found within the limits: <see cref="Reason"/> says why.</summary>
    public bool Undecided => !Proven && Counterexample is null;

    /// <summary>States of the minimised machine.</summary>
    public int States => Machine.States;

    /// <summary>
    /// For each state of <see cref="Machine"/>, the reference state (borrow or carry) it behaves like, or null when it
    /// matches neither (only possible when not proven).
    /// </summary>
    public IReadOnlyList<int?> ReferenceStates { get; init; } = [];

    /// <summary>
    /// True when the proof has a certificate the independent checker can check: proven, in a form the checker
    /// recomputes (<see cref="CertificateFile.NotCovered(Network.Cells.Cell, ProofInvariant)"/>), which every cell's proofs are today.
    /// </summary>
    public bool Certifiable { get; init; }

    /// <summary>The proof's regions, from which <see cref="CertificateFile"/> writes a certificate (null when not proven).</summary>
    internal ProofInvariant? Invariant { get; init; }

    /// <summary>The counterexample's shape, when it ends in a run of one input pair.</summary>
    internal CounterexamplePattern? Pattern { get; init; }
}
