using System.Buffers.Binary;

namespace QaServerless.LocalHost.Demo;

/// <summary>
/// Small synthetic call recordings: PCM WAV, 8 kHz, stereo (left = agent, right = customer, as contact-center recorders
/// split them): each speaker a voiced tone with a syllable rhythm while speaking, low noise otherwise. Deterministic from
/// the seed; no real voice, no personal data.
/// </summary>
public static class SyntheticWav
{
    public const int SampleRate = 8000;
    public const int Channels = 2;

    /// <summary>One speaker's turn: channel 0 = agent, 1 = customer; seconds from the start of the recording.</summary>
    public readonly record struct Turn(int Channel, double Start, double End);

    /// <summary>16-bit, a few seconds of alternating turns drawn from the seed.</summary>
    public static byte[] Create(int seed, double seconds)
    {
        var random = new Random(seed);
        var turns = new List<Turn>();
        var (channel, start) = (0, 0.0);
        for (var end = 0.6 + random.NextDouble(); start < seconds; end = start + 0.5 + random.NextDouble() * 1.2)
        {
            turns.Add(new Turn(channel, start, end));
            (channel, start) = (channel ^ 1, end);
        }
        return Render(random, turns, seconds, 16);
    }

    /// <summary>
    /// 8-bit, the given turns (the demo gives the turns of the call's canned transcript, so audio, transcript and
    /// evidence times line up). 8-bit halves the size: ~400 demo recordings of 20-40 s stay near 160 MB in Azurite's memory.
    /// </summary>
    public static byte[] Conversation(int seed, IEnumerable<Turn> turns, double seconds) => Render(new Random(seed), turns.ToList(), seconds, 8);

    private static byte[] Render(Random random, IReadOnlyList<Turn> turns, double seconds, int bits)
    {
        var frames = (int)(seconds * SampleRate);
        var bytes = bits / 8;
        var data = new byte[frames * Channels * bytes];
        int[] pitch = [180 + random.Next(80), 120 + random.Next(120)];
        // Per channel: is a turn on at frame i (turns may overlap: overtalk).
        var speaking = new bool[Channels, frames];
        foreach (var turn in turns)
            for (var i = Math.Max(0, (int)(turn.Start * SampleRate)); i < Math.Min(frames, (int)(turn.End * SampleRate)); i++) speaking[turn.Channel, i] = true;
        var noise = (uint)random.Next() | 1; // xorshift: ~400 demo recordings must render in a second or two
        for (var i = 0; i < frames; i++)
        {
            var t = (double)i / SampleRate;
            var syllable = Math.Max(0, Sine(4 * t)); // ~4 syllables a second
            for (var ch = 0; ch < Channels; ch++)
            {
                var voice = speaking[ch, i] && syllable > 0 ? (Sine(pitch[ch] * t) + 0.4 * Sine(2 * pitch[ch] * t)) * syllable : 0;
                noise ^= noise << 13; noise ^= noise >> 17; noise ^= noise << 5;
                var hiss = (int)(noise % 121) - 60;
                var at = (i * Channels + ch) * bytes;
                if (bits == 16) BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(at), (short)(voice * 6000 + hiss));
                else data[at] = (byte)Math.Clamp(128 + (int)(voice * 23) + hiss / 60, 0, 255); // 8-bit PCM is unsigned, 128 = silence
            }
        }
        return [.. Header(data.Length, bits), .. data];
    }

    private static readonly double[] SineTable = [.. Enumerable.Range(0, 4096).Select(i => Math.Sin(2 * Math.PI * i / 4096))];

    /// <summary>sin(2π·cycles) from a table: plenty for a synthetic tone, and cheap.</summary>
    private static double Sine(double cycles) => SineTable[(int)((cycles - Math.Floor(cycles)) * 4096) & 4095];

    /// <summary>The canonical 44-byte RIFF/WAVE header for PCM.</summary>
    public static byte[] Header(int dataBytes, int bitsPerSample = 16)
    {
        var h = new byte[44];
        var blockAlign = Channels * bitsPerSample / 8;
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(h.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(20), 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(22), Channels);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(24), SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(28), SampleRate * blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(32), (short)blockAlign);
        BinaryPrimitives.WriteInt16LittleEndian(h.AsSpan(34), (short)bitsPerSample);
        "data"u8.CopyTo(h.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(h.AsSpan(40), dataBytes);
        return h;
    }
}
