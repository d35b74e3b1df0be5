using System.Buffers.Binary;
using System.Text;
using QaServerless.Calls;

namespace QaServerless.Ingestion;

/// <summary>
/// Reads what an audio file is from its first bytes only (a ranged read of <see cref="HeaderBytes"/>): the audio itself
/// never passes through the app. WAV (RIFF/WAVE, PCM or not): channels, sample rate and duration from the fmt and data
/// chunks; MP3, Ogg/Opus, FLAC, AMR, M4A: recognised by their magic bytes, size and content type only.
/// </summary>
public static class AudioHeader
{
    public const int HeaderBytes = 4096;

    /// <summary>The file's description, or the reason it is not audio we can take.</summary>
    public static (AudioInfo? Info, string? Problem) Read(ReadOnlySpan<byte> head, long totalBytes, string? contentType, string fileName)
    {
        if (totalBytes == 0) return (null, "the audio file is empty");
        if (head.Length >= 12 && Ascii(head, 0, 4) == "RIFF" && Ascii(head, 8, 4) == "WAVE") return ReadWav(head, totalBytes, contentType);
        if (fileName.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
            return (null, "the .wav file has no RIFF/WAVE header: not a WAV file");
        if (Sniff(head) is { } format) return (new AudioInfo(format, totalBytes, contentType), null);
        return (null, $"not an audio file (no known audio header; content type {contentType ?? "none"})");
    }

    private static (AudioInfo?, string?) ReadWav(ReadOnlySpan<byte> head, long totalBytes, string? contentType)
    {
        int? channels = null, sampleRate = null, byteRate = null;
        long? dataBytes = null;
        var at = 12;
        while (at + 8 <= head.Length)
        {
            var id = Ascii(head, at, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(head[(at + 4)..]);
            var body = at + 8;
            if (id == "fmt " && body + 16 <= head.Length)
            {
                channels = BinaryPrimitives.ReadUInt16LittleEndian(head[(body + 2)..]);
                sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(head[(body + 4)..]);
                byteRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(head[(body + 8)..]);
            }
            else if (id == "data")
            {
                // Streaming writers leave the size at 0 or 0xFFFFFFFF: then the rest of the file is the data.
                dataBytes = size is 0 or uint.MaxValue ? totalBytes - body : Math.Min(size, totalBytes - body);
                break;
            }
            at = body + (int)Math.Min(size + (size & 1), int.MaxValue - body);
            if (at < 0) break;
        }
        if (channels is null || sampleRate is null or 0 || byteRate is null or 0)
            return (null, "the WAV header has no readable fmt chunk");
        if (channels is < 1 or > 8) return (null, $"the WAV header names {channels} channels");
        // The data chunk lies beyond the first bytes only after very large metadata chunks: estimate from the file size.
        var bytes = dataBytes ?? Math.Max(0, totalBytes - at);
        return (new AudioInfo("wav", totalBytes, contentType ?? "audio/wav", Math.Round((double)bytes / byteRate.Value, 3), channels, sampleRate), null);
    }

    private static string? Sniff(ReadOnlySpan<byte> h)
    {
        if (h.Length >= 3 && Ascii(h, 0, 3) == "ID3") return "mp3";
        if (h.Length >= 2 && h[0] == 0xFF && (h[1] & 0xE0) == 0xE0) return "mp3";
        if (h.Length >= 4 && Ascii(h, 0, 4) == "OggS") return "ogg";
        if (h.Length >= 4 && Ascii(h, 0, 4) == "fLaC") return "flac";
        if (h.Length >= 5 && Ascii(h, 0, 5) == "#!AMR") return "amr";
        if (h.Length >= 8 && Ascii(h, 4, 4) == "ftyp") return "m4a";
        return null;
    }

    private static string Ascii(ReadOnlySpan<byte> bytes, int start, int length) =>
        start + length <= bytes.Length ? Encoding.ASCII.GetString(bytes.Slice(start, length)) : "";

    /// <summary>A canonical 44-byte PCM WAV header (tests, the demo generator and the benchmark write WAVs with it).</summary>
    public static byte[] PcmWavHeader(int channels, int sampleRate, int bitsPerSample, int dataBytes)
    {
        var h = new byte[44];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(h, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(4), (uint)(36 + dataBytes));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(h, 8);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(20), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(22), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(24), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(28), (uint)(sampleRate * channels * bitsPerSample / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(32), (ushort)(channels * bitsPerSample / 8));
        BinaryPrimitives.WriteUInt16LittleEndian(h.AsSpan(34), (ushort)bitsPerSample);
        Encoding.ASCII.GetBytes("data").CopyTo(h, 36);
        BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(40), (uint)dataBytes);
        return h;
    }
}
