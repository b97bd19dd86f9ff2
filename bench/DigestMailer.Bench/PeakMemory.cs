namespace DigestMailer.Bench;

/// <summary>
/// The highest managed heap (live objects and garbage not yet collected) and working set of this process while a
/// step runs, above what they were when it started (after a full collection), sampled every 5 ms on a thread of its
/// own.
/// </summary>
sealed class PeakMemory : IDisposable
{
    readonly long heapBefore;
    readonly long workingSetBefore;
    readonly Thread sampler;
    volatile bool stopped;
    long heapPeak;
    long workingSetPeak;

    public PeakMemory()
    {
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
            Take(GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
            Thread.Sleep(5);
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
        Take(GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
    }
}
