using System.Runtime.CompilerServices;

namespace RnnCalc.Evaluation;

/// <summary>
/// Items shared out between the calling thread and a few pool threads, each taking the next item from a counter
/// and keeping its own worker state. The caller never waits: when no item is left to take, it computes any item a
/// helper took but has not finished (a helper may be descheduled on a busy machine), and the first result stored
/// for an item wins. Every item's result is the same whoever computes it, so the results, returned in item order,
/// do not depend on the machine's load or its core count.
/// </summary>
internal static class WorkSharing
{
    public static TResult[] Run<TWorker, TResult>(int items, int maxDegreeOfParallelism, Func<TWorker> createWorker, Func<TWorker, int, TResult> body)
        where TResult : class
    {
        var results = new TResult?[items];
        var helpers = Math.Min(maxDegreeOfParallelism < 1 ? Environment.ProcessorCount : maxDegreeOfParallelism, items) - 1;
        var next = new StrongBox<int>(-1);
        for (var k = 0; k < helpers; k++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                _ =>
                {
                    var worker = createWorker();
                    int item;
                    while ((item = Interlocked.Increment(ref next.Value)) < items)
                    {
                        Interlocked.CompareExchange(ref results[item], body(worker, item), null);
                    }
                },
                null);
        }
        var own = createWorker();
        int mine;
        while ((mine = Interlocked.Increment(ref next.Value)) < items)
        {
            Interlocked.CompareExchange(ref results[mine], body(own, mine), null);
        }
        for (var item = 0; item < items; item++)
        {
            if (Volatile.Read(ref results[item]) is null)
            {
                Interlocked.CompareExchange(ref results[item], body(own, item), null);
            }
        }
        return results!;
    }
}
