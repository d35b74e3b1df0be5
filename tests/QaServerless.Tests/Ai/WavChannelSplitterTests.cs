using QaServerless.Ai.Transcription;
using QaServerless.FakeOpenAI;

namespace QaServerless.Tests.Ai;

public sealed class WavChannelSplitterTests
{
    /// <summary>A stereo 16-bit WAV whose left samples are 1, 2, 3… and right samples -1, -2, -3…, with a LIST chunk before data.</summary>
    public static byte[] StereoWav(int sampleRate, double seconds)
    {
        var frames = (int)(sampleRate * seconds);
        using var ms = new MemoryStream();
        var header = WavChannelSplitter.Header(2, sampleRate, 16, frames * 4);
        ms.Write(header, 0, 36);
        ms.Write("LIST"u8);
        ms.Write(BitConverter.GetBytes(4));
        ms.Write("INFO"u8);
        ms.Write(header, 36, 8);
        for (var f = 0; f < frames; f++)
        {
            ms.Write(BitConverter.GetBytes((short)(f % 30000 + 1)));
            ms.Write(BitConverter.GetBytes((short)-(f % 30000 + 1)));
        }
        return ms.ToArray();
    }

    [Fact]
    public async Task AStereoRecordingSplitsIntoTwoMonoWavsSampleBySample()
    {
        var wav = StereoWav(8000, 5); // 40 000 frames: more than one 16 K-frame buffer
        using var agent = new MemoryStream();
        using var customer = new MemoryStream();
        var format = await WavChannelSplitter.SplitAsync(new MemoryStream(wav), [agent, customer], CancellationToken.None);

        Assert.Equal((2, 8000, 16), (format.Channels, format.SampleRate, format.BitsPerSample));
        Assert.Equal(5.0, format.DurationSeconds, 6);
        foreach (var (channel, sign) in new[] { (agent, 1), (customer, -1) })
        {
            var bytes = channel.ToArray();
            Assert.Equal(44 + 40_000 * 2, bytes.Length);
            Assert.Equal(5.0, FakeOpenAIServer.WavDuration(new MemoryStream(bytes)), 6); // a valid mono header
            Assert.Equal(sign * 1, BitConverter.ToInt16(bytes, 44));
            Assert.Equal(sign * 20_000, BitConverter.ToInt16(bytes, 44 + 19_999 * 2));
        }
    }

    [Fact]
    public async Task SomethingThatIsNotAWavIsRefused() =>
        await Assert.ThrowsAsync<InvalidWavException>(() =>
            WavChannelSplitter.SplitAsync(new MemoryStream("ID3 this is an mp3"u8.ToArray()), [Stream.Null], CancellationToken.None));
}
