using System.Globalization;
using System.Text;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// A CDR export of a given size, generated as it is read (never held whole): valid rows, 1,500 a day in start order,
/// going back from <c>day</c> (a month's export spans days; one huge day partition is quadratic on Azurite), each
/// with a <c>notes</c> column padded so that few rows make many bytes (a CDR with long free-text columns, like the 50 MB
/// file of 2,000 rows that broke the blob trigger). For tests and benchmarks of big files: upload it as a stream.
/// </summary>
public sealed class SyntheticCdr(long targetBytes, int paddingChars = 25_000, string callIdPrefix = "big", DateOnly? day = null) : Stream
{
    public const string Header = "callId,agentId,team,businessType,direction,start,talkSeconds,holdSeconds,afterCallWorkSeconds,queueSeconds,abandoned,customerKey,resolved,csat,complaint,testCall,notes";

    private const int RowsPerDay = 1_500;
    private readonly DateOnly date = day ?? new DateOnly(2026, 11, 18);
    private readonly string padding = new('n', paddingChars);
    private byte[] pending = Encoding.UTF8.GetBytes(Header + "\n");
    private int offset;
    private long produced;

    /// <summary>Rows written so far (all of them once the stream is read to its end).</summary>
    public int Rows { get; private set; }

    public static string CallId(string prefix, int row) => $"{prefix}-{row:D6}";

    public override int Read(byte[] buffer, int start, int count) => Read(buffer.AsSpan(start, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length)
        {
            if (offset == pending.Length)
            {
                if (produced >= targetBytes) break;
                pending = Encoding.UTF8.GetBytes(Row(Rows++));
                offset = 0;
            }
            var n = Math.Min(buffer.Length - written, pending.Length - offset);
            pending.AsSpan(offset, n).CopyTo(buffer[written..]);
            offset += n; written += n; produced += n;
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int start, int count, CancellationToken ct) => Task.FromResult(Read(buffer, start, count));

    private string Row(int i)
    {
        var start = new DateTimeOffset(date.AddDays(-(i / RowsPerDay % 30)).ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8)).AddSeconds(i % RowsPerDay * 24);
        return string.Create(CultureInfo.InvariantCulture,
            $"{CallId(callIdPrefix, i)},a{i % 50:D3},T{i % 5},咨询,inbound,{start:yyyy-MM-dd'T'HH:mm:ssK},{60 + i % 600},{i % 30},{i % 90},{i % 40},false,sha256:{i:x8},true,{1 + i % 5},false,false,{padding}\n");
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long o, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int o, int count) => throw new NotSupportedException();
}
