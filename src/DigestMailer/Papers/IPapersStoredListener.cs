namespace DigestMailer.Papers;

/// <summary>
/// Told after new papers were stored and committed (an ingest run, an admin upload). Work that follows ingest, such
/// as computing embeddings, hooks in here, so Papers does not know the features built on it.
/// </summary>
public interface IPapersStoredListener
{
    /// <summary>Called on the ingesting thread: hand the work to a job, do not do it here.</summary>
    void PapersStored(int inserted);

    /// <summary>Tells every listener, when anything new was stored.</summary>
    static void Notify(IEnumerable<IPapersStoredListener> listeners, int inserted)
    {
        if (inserted == 0)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            listener.PapersStored(inserted);
        }
    }
}
