using System.Buffers;
using System.Text.Json;
using PerfRules.Runs;

namespace PerfRules.Reports;

/// <summary>
/// The items of a JSON report's per-document array, rendered on every core (each thread a few
/// documents at a time) and written in input order: the bytes are exactly those the one writer would give. A
/// report of a large batch was one thread writing while the other cores idled (issue 17).
/// </summary>
/// <remarks>
/// Each thread renders a run of documents with its own <see cref="Utf8JsonWriter"/> opened at the main
/// writer's depth (the indentation depends only on the depth), so its bytes are those items as the
/// main writer would write them after a first item, less the leading comma. The first item is
/// written by the main writer itself, so that its state (an array with items) ends the array as before.
/// </remarks>
internal static class ParallelJsonItems
{
    /// <summary>Documents one thread renders at a time: its buffer holds this many documents' items (about 55 KB each on the seeds).</summary>
    internal const int PerThread = 4;

    /// <summary>
    /// Writes the items <paramref name="render"/> gives for each document into the array <paramref name="w"/>
    /// has just opened (it has no item yet), in order; <paramref name="output"/> is <paramref name="w"/>'s stream.
    /// <paramref name="render"/> must only read the document (it runs on several threads at once); at most
    /// <paramref name="threads"/> render at once (the run's <c>--jobs</c>; 0 or less: one per core).
    /// </summary>
    public static void Write(Utf8JsonWriter w, Stream output, JsonWriterOptions options, IReadOnlyList<DocumentResult> docs,
        int threads, Action<Utf8JsonWriter, DocumentResult> render)
    {
        if (threads <= 0) threads = Environment.ProcessorCount;
        // Until the array has an item, documents go through the main writer (most batches: the first one).
        var next = 0;
        var start = w.BytesCommitted + w.BytesPending;
        while (next < docs.Count && (threads == 1 || w.BytesCommitted + w.BytesPending == start))
        {
            render(w, docs[next++]);
            if (w.BytesPending >= JsonFormatter.FlushBytes) w.Flush();
        }
        if (next == docs.Count) return;
        w.Flush();

        var depth = w.CurrentDepth;
        var slots = new Slot[Math.Min(threads, (docs.Count - next + PerThread - 1) / PerThread)];
        for (var k = 0; k < slots.Length; k++) slots[k] = new Slot(options);
        try
        {
            var window = slots.Length * PerThread;
            for (; next < docs.Count; next += window)
            {
                var first = next;
                var n = Math.Min(window, docs.Count - first);
                var used = (n + PerThread - 1) / PerThread;
                Parallel.For(0, used, k => slots[k].Render(docs, first + k * PerThread, Math.Min(first + n, first + (k + 1) * PerThread), depth, render));
                for (var k = 0; k < used; k++) slots[k].CopyTo(output);
            }
        }
        finally
        {
            foreach (var s in slots) s?.Dispose();
        }
    }

    /// <summary>One thread's writer and buffer, kept for the whole report.</summary>
    private sealed class Slot(JsonWriterOptions options) : IDisposable
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
        private readonly Utf8JsonWriter _writer = new(Stream.Null, options);
        private int _from;

        /// <summary>Documents <paramref name="from"/> to <paramref name="to"/> (exclusive): their items, as the one writer would give them, less the first comma.</summary>
        public void Render(IReadOnlyList<DocumentResult> docs, int from, int to, int depth, Action<Utf8JsonWriter, DocumentResult> render)
        {
            _buffer.ResetWrittenCount();
            _writer.Reset(_buffer);
            for (var k = 0; k < depth; k++) _writer.WriteStartArray();
            _writer.Flush();
            _from = _buffer.WrittenCount;
            for (var k = from; k < to; k++) render(_writer, docs[k]);
            _writer.Flush();
        }

        /// <summary>The items, after those already written: a comma, then the items, in slices of at most <see cref="JsonFormatter.FlushBytes"/>.</summary>
        public void CopyTo(Stream output)
        {
            var items = _buffer.WrittenSpan[_from..];
            if (items.IsEmpty) return;
            output.WriteByte((byte)',');
            for (var at = 0; at < items.Length; at += JsonFormatter.FlushBytes)
                output.Write(items.Slice(at, Math.Min(JsonFormatter.FlushBytes, items.Length - at)));
        }

        public void Dispose() => _writer.Dispose();
    }
}
