using System.Text.Json;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// The items of a JSON report's per-document array, rendered on every core (each thread a few
/// documents at a time) and written in input order: the bytes are exactly those the one writer would give. A
/// report of a large batch was one thread writing while the other cores idled (issue 17).
/// </summary>
/// <remarks>
/// Each renderer renders a run of documents (a chunk) with its own <see cref="JsonItemWriter"/> opened at the main
/// writer's depth (the indentation depends only on the depth), so its bytes are those items as the
/// main writer would write them after a first item, less the leading comma. The first item is
/// written through the main writer itself, so that its state (an array with items) ends the array as before.
/// The calling thread only copies finished chunks to the output, in order, while the renderers go on with
/// the next ones (a ring of buffers, two per renderer): rendering and the file's writes overlap. Rendering
/// a window, then copying it while the other cores waited, left the second core half idle.
/// </remarks>
internal static class ParallelJsonItems
{
    /// <summary>Documents one chunk holds: its buffer holds this many documents' items (about 55 KB each on the seeds).</summary>
    internal const int PerThread = 4;

    /// <summary>
    /// The most handed to the output in one write. Not <see cref="JsonFormatter.FlushBytes"/>: slices of the file stream's
    /// buffer size after a chunk's tail left bytes in that buffer were each copied through it; a text writer's stream
    /// decodes one slice at a time.
    /// </summary>
    internal const int CopySlice = 1 << 20;

    /// <summary>
    /// Writes the items <paramref name="render"/> gives for each document into the array <paramref name="w"/>
    /// has just opened (it has no item yet), in order; <paramref name="output"/> is <paramref name="w"/>'s stream.
    /// <paramref name="render"/> must only read the document (it runs on several threads at once); at most
    /// <paramref name="threads"/> render at once (the run's <c>--jobs</c>; 0 or less: one per core).
    /// </summary>
    public static void Write(Utf8JsonWriter w, Stream output, JsonWriterOptions options, IReadOnlyList<DocumentResult> docs,
        int threads, Action<JsonItemWriter, DocumentResult> render)
    {
        if (threads <= 0) threads = Environment.ProcessorCount;
        // Until the array has an item, documents go through the main writer (most batches: the first one), each
        // document's items as one raw value: the writer adds the comma between documents, the items hold their own
        // new lines and indentation, and the writer's state (an array with items) closes the array as before.
        var next = 0;
        var start = w.BytesCommitted + w.BytesPending;
        var items = new JsonItemWriter(options);
        while (next < docs.Count && (threads == 1 || w.BytesCommitted + w.BytesPending == start))
        {
            items.Reset(w.CurrentDepth);
            render(items, docs[next++]);
            if (!items.Written.IsEmpty) w.WriteRawValue(items.Written, skipInputValidation: true);
            if (w.BytesPending >= JsonFormatter.FlushBytes) w.Flush();
        }
        if (next == docs.Count) return;
        w.Flush();

        var chunks = (docs.Count - next + PerThread - 1) / PerThread;
        var renderers = Math.Min(threads, chunks);
        var run = new Pipeline(docs, next, chunks, Math.Min(2 * renderers, chunks), w.CurrentDepth, options, render);
        var workers = new Task[renderers];
        for (var k = 0; k < renderers; k++) workers[k] = Task.Factory.StartNew(run.Render, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            run.CopyAll(output);
        }
        finally
        {
            // On a failure (a renderer's, rethrown by CopyAll, or the output's) renderers waiting for a slot give up.
            run.Stop();
            Task.WaitAll(workers);
        }
    }

    /// <summary>The chunks of one array: renderers claim them in order; the caller copies them out in order.</summary>
    private sealed class Pipeline(IReadOnlyList<DocumentResult> docs, int first, int chunks, int ring, int depth, JsonWriterOptions options,
        Action<JsonItemWriter, DocumentResult> render)
    {
        // Chunk c goes in slot c mod ring, once the slot's previous chunk (c - ring) has been copied out.
        private readonly Slot[] _slots = Slots(ring, options);
        private int _claimed = -1;
        private volatile bool _stopped;

        // A loop, not LINQ over a range (generic code over int, JIT-compiled in every report).
        private static Slot[] Slots(int ring, JsonWriterOptions options)
        {
            var slots = new Slot[ring];
            for (var k = 0; k < ring; k++) slots[k] = new Slot(options) { Next = k };
            return slots;
        }

        /// <summary>A renderer: the next unclaimed chunk, into its slot when the slot's turn comes.</summary>
        public void Render()
        {
            for (var c = Interlocked.Increment(ref _claimed); c < chunks; c = Interlocked.Increment(ref _claimed))
            {
                var slot = _slots[c % _slots.Length];
                lock (slot)
                {
                    // Another renderer may hold a later chunk of this slot: the slot takes its chunks in order.
                    while (!_stopped && (slot.Next != c || slot.Rendered)) Monitor.Wait(slot);
                    if (_stopped) return; // the output failed: nothing more is copied out
                }
                var from = first + c * PerThread;
                try
                {
                    slot.Render(docs, from, Math.Min(docs.Count, from + PerThread), depth, render);
                }
                catch (Exception e)
                {
                    // Thrown by the caller when it comes to this chunk (the chunks before it are written first).
                    slot.Failure = e;
                }
                lock (slot)
                {
                    slot.Rendered = true;
                    Monitor.PulseAll(slot);
                }
                if (slot.Failure is not null) return;
            }
        }

        /// <summary>Every chunk, in order, to <paramref name="output"/>; a renderer's failure is thrown here.</summary>
        public void CopyAll(Stream output)
        {
            for (var c = 0; c < chunks; c++)
            {
                var slot = _slots[c % _slots.Length];
                lock (slot)
                {
                    while (!slot.Rendered) Monitor.Wait(slot);
                }
                if (slot.Failure is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
                slot.CopyTo(output);
                lock (slot)
                {
                    slot.Rendered = false;
                    slot.Next = c + _slots.Length;
                    Monitor.PulseAll(slot);
                }
            }
        }

        /// <summary>Renderers waiting for a slot give up (after the last chunk, or a failure).</summary>
        public void Stop()
        {
            _stopped = true;
            foreach (var s in _slots)
                lock (s) Monitor.PulseAll(s);
        }
    }

    /// <summary>One chunk's writer and buffer, reused for every chunk that falls to it.</summary>
    private sealed class Slot(JsonWriterOptions options)
    {
        private readonly JsonItemWriter _writer = new(options);

        /// <summary>The chunk this slot holds next (guarded by the slot's lock, as <see cref="Rendered"/>).</summary>
        public int Next { get; set; }
        /// <summary>Rendered (or failed), not yet copied out.</summary>
        public bool Rendered { get; set; }
        public Exception? Failure { get; set; }

        /// <summary>Documents <paramref name="from"/> to <paramref name="to"/> (exclusive): their items, as the one writer would give them, less the first comma.</summary>
        public void Render(IReadOnlyList<DocumentResult> docs, int from, int to, int depth, Action<JsonItemWriter, DocumentResult> render)
        {
            _writer.Reset(depth, comma: true);
            for (var k = from; k < to; k++) render(_writer, docs[k]);
        }

        /// <summary>
        /// The items, after those already written: a comma, then the items (nothing when there are none), in slices of at
        /// most <see cref="CopySlice"/>: a chunk of the seeds (some 350 KB) in one write.
        /// </summary>
        public void CopyTo(Stream output)
        {
            var items = _writer.Written;
            if (items.Length <= 1) return; // the comma alone
            for (var at = 0; at < items.Length; at += CopySlice)
                output.Write(items.Slice(at, Math.Min(CopySlice, items.Length - at)));
        }
    }
}
