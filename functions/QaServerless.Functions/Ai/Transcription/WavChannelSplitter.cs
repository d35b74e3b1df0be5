using System.Buffers;
using System.Buffers.Binary;

namespace QaServerless.Ai.Transcription;

/// <summary>The PCM layout a WAV header states.</summary>
public sealed record WavFormat(int Channels, int SampleRate, int BitsPerSample, long DataLength)
{
    public int BytesPerSample => BitsPerSample / 8;
    public int BlockAlign => Channels * BytesPerSample;
    public double DurationSeconds => SampleRate == 0 || BlockAlign == 0 ? 0 : (double)DataLength / BlockAlign / SampleRate;
}

public sealed class InvalidWavException(string message) : Exception(message);

/// <summary>
/// Splits an interleaved PCM WAV into one mono WAV per channel while reading it: 64 KB at a time from the blob stream
/// to the outputs, so a one-hour recording never sits in memory (the "streamed, not loaded whole").
/// Channel 0 is the agent, channel 1 the customer (the centers' recorders write them so; see docs/ai.md).
/// </summary>
public static class WavChannelSplitter
{
    private const int BufferFrames = 16 * 1024;

    /// <summary>Reads the header up to the start of the sample data; the stream is left positioned there.</summary>
    public static async Task<WavFormat> ReadHeaderAsync(Stream input, CancellationToken ct)
    {
        var riff = new byte[12];
        await ReadExactlyOrThrow(input, riff, ct);
        if (!riff.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !riff.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            throw new InvalidWavException("Not a RIFF/WAVE file.");
        (int Channels, int Rate, int Bits)? fmt = null;
        var chunk = new byte[8];
        while (true)
        {
            await ReadExactlyOrThrow(input, chunk, ct);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunk.AsSpan(4));
            if (chunk.AsSpan(0, 4).SequenceEqual("fmt "u8))
            {
                if (size is < 16 or > 1024) throw new InvalidWavException("Bad fmt chunk.");
                var body = new byte[size + (size & 1)];
                await ReadExactlyOrThrow(input, body, ct);
                var format = BinaryPrimitives.ReadUInt16LittleEndian(body);
                // 1 = PCM; 0xFFFE = WAVE_FORMAT_EXTENSIBLE, which recorders use for PCM too.
                if (format is not (1 or 0xFFFE)) throw new InvalidWavException($"Only PCM audio can be split (format {format}).");
                fmt = (BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2)), BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(4)), BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(14)));
                if (fmt.Value.Bits is not (8 or 16 or 24 or 32) || fmt.Value.Channels is < 1 or > 8) throw new InvalidWavException("Unsupported sample layout.");
            }
            else if (chunk.AsSpan(0, 4).SequenceEqual("data"u8))
            {
                if (fmt is null) throw new InvalidWavException("The data chunk comes before the fmt chunk.");
                return new WavFormat(fmt.Value.Channels, fmt.Value.Rate, fmt.Value.Bits, size);
            }
            else
            {
                if (size > 16 * 1024 * 1024) throw new InvalidWavException("An unknown chunk is too large.");
                await SkipAsync(input, size + (size & 1), ct);
            }
        }
    }

    /// <summary>Writes channel <c>i</c> of <paramref name="input"/> to <c>outputs[i]</c> as a mono WAV. Returns the input format.</summary>
    public static async Task<WavFormat> SplitAsync(Stream input, IReadOnlyList<Stream> outputs, CancellationToken ct)
    {
        var format = await ReadHeaderAsync(input, ct);
        if (outputs.Count != format.Channels) throw new ArgumentException($"The recording has {format.Channels} channels; {outputs.Count} outputs were given.");
        var frames = format.DataLength / format.BlockAlign;
        var monoLength = frames * format.BytesPerSample;
        foreach (var output in outputs) await output.WriteAsync(MonoHeader(format, monoLength), ct);

        var inBuffer = ArrayPool<byte>.Shared.Rent(BufferFrames * format.BlockAlign);
        var outBuffers = outputs.Select(_ => ArrayPool<byte>.Shared.Rent(BufferFrames * format.BytesPerSample)).ToArray();
        try
        {
            var remaining = frames * format.BlockAlign;
            while (remaining > 0)
            {
                var want = (int)Math.Min(remaining, BufferFrames * format.BlockAlign);
                var read = await input.ReadAtLeastAsync(inBuffer.AsMemory(0, want), want, throwOnEndOfStream: false, ct);
                read -= read % format.BlockAlign;
                if (read == 0) break; // a truncated upload: keep what there is (the header is patched below when seekable)
                var count = read / format.BlockAlign;
                for (var ch = 0; ch < outputs.Count; ch++)
                {
                    var outBuf = outBuffers[ch];
                    for (var f = 0; f < count; f++)
                        Buffer.BlockCopy(inBuffer, f * format.BlockAlign + ch * format.BytesPerSample, outBuf, f * format.BytesPerSample, format.BytesPerSample);
                    await outputs[ch].WriteAsync(outBuf.AsMemory(0, count * format.BytesPerSample), ct);
                }
                remaining -= read;
            }
            if (remaining > 0)
                foreach (var output in outputs.Where(o => o.CanSeek))
                {
                    var written = output.Length - 44;
                    output.Position = 0;
                    await output.WriteAsync(MonoHeader(format, written), ct);
                    output.Position = output.Length;
                }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(inBuffer);
            foreach (var b in outBuffers) ArrayPool<byte>.Shared.Return(b);
        }
        return format;
    }

    public static byte[] MonoHeader(WavFormat format, long dataLength) => Header(1, format.SampleRate, format.BitsPerSample, dataLength);

    /// <summary>A canonical 44-byte PCM header.</summary>
    public static byte[] Header(int channels, int sampleRate, int bits, long dataLength)
    {
        var h = new byte[44];
        var s = h.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteUInt32LittleEndian(s[4..], (uint)(36 + dataLength));
        "WAVEfmt "u8.CopyTo(s[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(s[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(s[22..], (short)channels);
        BinaryPrimitives.WriteInt32LittleEndian(s[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(s[28..], sampleRate * channels * bits / 8);
        BinaryPrimitives.WriteInt16LittleEndian(s[32..], (short)(channels * bits / 8));
        BinaryPrimitives.WriteInt16LittleEndian(s[34..], (short)bits);
        "data"u8.CopyTo(s[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(s[40..], (uint)dataLength);
        return h;
    }

    private static async Task ReadExactlyOrThrow(Stream input, byte[] buffer, CancellationToken ct)
    {
        if (await input.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct) < buffer.Length)
            throw new InvalidWavException("The WAV header is truncated.");
    }

    private static async Task SkipAsync(Stream input, long count, CancellationToken ct)
    {
        var buffer = new byte[Math.Min(count, 81920)];
        while (count > 0)
        {
            var n = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, buffer.Length)), ct);
            if (n == 0) throw new InvalidWavException("The WAV file ends inside a chunk.");
            count -= n;
        }
    }
}
