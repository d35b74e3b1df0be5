using System.Buffers.Binary;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// A small synthetic call recording: 16-bit PCM WAV, 8 kHz, stereo (left = agent, right = customer, as contact-center
/// recorders split them), a few seconds of alternating turns: each speaker a voiced tone with a syllable rhythm while
/// the other is silent. Deterministic from the seed; no real voice, no personal data.
/// </summary>
public static class SyntheticWav
{
    public const int SampleRate = 8000;
    public const int Channels = 2;

    public static byte[] Create(int seed, double seconds)
    {
        var random = new Random(seed);
        var frames = (int)(seconds * SampleRate);
        var data = new byte[frames * Channels * 2];
        var agentPitch = 180 + random.Next(80);
        var customerPitch = 120 + random.Next(120);
        var turn = 0;
        var turnEnd = (int)(SampleRate * (0.6 + random.NextDouble()));
        for (var i = 0; i < frames; i++)
        {
            if (i >= turnEnd) { turn ^= 1; turnEnd = i + (int)(SampleRate * (0.5 + random.NextDouble() * 1.2)); }
            var t = (double)i / SampleRate;
            var syllable = Math.Max(0, Math.Sin(2 * Math.PI * 4 * t)); // ~4 syllables a second
            var voice = Math.Sin(2 * Math.PI * (turn == 0 ? agentPitch : customerPitch) * t) + 0.4 * Math.Sin(4 * Math.PI * (turn == 0 ? agentPitch : customerPitch) * t);
            var sample = (short)(voice * syllable * 6000);
            var noise = (short)(random.Next(-60, 61));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 4), turn == 0 ? (short)(sample + noise) : noise);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(i * 4 + 2), turn == 1 ? (short)(sample + noise) : noise);
        }
        return [.. Header(data.Length), .. data];
    }

    /// <summary>The canonical 44-byte RIFF/WAVE header for PCM.</summary>
    public static byte[] Header(int dataBytes)
    {
        var h = new byte[44];
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(22), Channels);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(28), SampleRate * Channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(32), Channels * 2);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(34), 16);
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(40), dataBytes);
        return h;
    }
}
