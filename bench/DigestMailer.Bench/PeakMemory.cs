namespace DigestMailer.Bench;

/// <summary>
/// The highest managed heap (live objects and garbage not yet collected) and working set of this process while a
/// step runs, above what they were when it started (after a full collection), sampled every 5 ms on a thread of its
/// own. With <c>live: true</c> it instead forces a full collection every 100 ms and keeps the highest heap left after
/// one: what the step holds, apart from the garbage the collector has not come to yet (which moves with the
/// collector's budgets, not with the step). That mode slows the step, so it is not timed.
/// </summary>
sealed class PeakMemory : IDisposable
{
    readonly long heapBefore;
    readonly long workingSetBefore;
    readonly Thread sampler;
    volatile bool stopped;
    long heapPeak;
    long workingSetPeak;

    readonly bool live;

    public PeakMemory(bool live = false)
    {
        this.live = live;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        workingSetBefore = Environment.WorkingSet;
        (heapPeak, workingSetPeak) = (heapBefore, workingSetBefore);
        sampler = new Thread(Sample) { IsBackground = true, Name = "peak memory" };
        sampler.Start();
    }

    /// <summary>Peak managed heap above the start, in MB.</summary>
    public double HeapMegabytes => (Interlocked.Read(ref heapPeak) - heapBefore) / 1024.0 / 1024.0;

    /// <summary>Peak working set above the start, in MB.</summary>
    public double WorkingSetMegabytes => (Interlocked.Read(ref workingSetPeak) - workingSetBefore) / 1024.0 / 1024.0;

    void Sample()
    {
        while (!stopped)
        {
            Take(live ? LiveHeap() : GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
            Thread.Sleep(live ? 100 : 5);
        }
    }

    void Take(long heap, long workingSet)
    {
        if (heap > Interlocked.Read(ref heapPeak))
        {
            Interlocked.Exchange(ref heapPeak, heap);
        }

        if (workingSet > Interlocked.Read(ref workingSetPeak))
        {
            Interlocked.Exchange(ref workingSetPeak, workingSet);
        }
    }

    /// <summary>Stops sampling, with one last sample.</summary>
    public void Dispose()
    {
        stopped = true;
        sampler.Join();
        Take(live ? LiveHeap() : GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }

    static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
