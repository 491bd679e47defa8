using PerfRules.Rules;
using PerfRules.Rules.Runtime.CrossDocument;

namespace PerfRules.Runs;

/// <summary>
/// A batch run's batch findings in its <see cref="ResultSpill"/>, written as the groups fire: copies of one
/// table give every object a finding (about 108,000 at 10,000 copies of the seeds), which held until filed
/// took about 440 MB. Encoded (<see cref="ResultCodec.WriteFinding"/>) into a 64 KB buffer written out
/// when full; a handle is a position in the sequence of everything put, so a finding is read back from
/// the buffer or from its written part.
/// </summary>
internal sealed class SpilledBatchFindings(ResultSpill spill) : IBatchFindingStore
{
    private const int Chunk = 64 * 1024;
    private readonly SpillWriter _buffer = new();
    // Written parts: where each starts in the sequence and in the spill.
    private readonly List<(long Start, long Offset)> _written = new();
    private long _bufferStart;

    public (long At, int Length) Put(Finding finding)
    {
        lock (_buffer)
        {
            var before = _buffer.Length;
            // Each finding a record of its own: it is read back alone.
            _buffer.BeginRecord();
            ResultCodec.WriteFinding(_buffer, finding);
            var at = (_bufferStart + before, _buffer.Length - before);
            if (_buffer.Length >= Chunk) WriteOut();
            return at;
        }
    }

    public Finding Get(long at, int length) => Get(at, length, whole: true);

    // A finding in a written part is filed as a reference to it (SpilledDocuments.Append): only what filing reads is decoded.
    public Finding GetToFile(long at, int length) => Get(at, length, whole: false);

    private Finding Get(long at, int length, bool whole)
    {
        byte[]? bytes = null;
        long from = 0;
        lock (_buffer)
        {
            if (at >= _bufferStart) bytes = _buffer.Bytes.Slice((int)(at - _bufferStart), length).ToArray();
            else
            {
                var k = _written.BinarySearch((at, long.MaxValue));
                if (k < 0) k = ~k - 1;
                var (start, offset) = _written[k];
                from = offset + (at - start);
            }
        }
        if (bytes is not null) return ResultCodec.ReadFinding(bytes);
        // Written parts do not move: read outside the lock (documents are filed on several threads). The document
        // it is filed under refers to it there (SpilledDocuments.Append), not writing it again.
        // Decoded from a pooled buffer: the finding's strings are its own (an array per finding was about 2 KB, 38 MB at 2,000 seed copies).
        var finding = whole ? spill.Read(from, length, ResultCodec.ReadFinding) : spill.Read(from, length, ResultCodec.ReadFiled);
        spill.ReadBack(finding, from, length);
        return finding;
    }

    private void WriteOut()
    {
        var (offset, length) = spill.Write(_buffer.Bytes);
        _written.Add((_bufferStart, offset));
        _bufferStart += length;
        _buffer.Clear();
    }
}
