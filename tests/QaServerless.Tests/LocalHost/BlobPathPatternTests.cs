using QaServerless.LocalHost.Blobs;

namespace QaServerless.Tests.LocalHost;

public class BlobPathPatternTests
{
    [Fact]
    public void NameCapturesTheWholePathBelowTheContainerLikeTheHostsGreedyPattern()
    {
        var pattern = BlobPathPattern.Parse("recordings/{name}.json");

        var captures = pattern.Match("sh/2026/11/19/c-1.json");

        Assert.Equal("recordings", pattern.Container);
        Assert.Equal("sh/2026/11/19/c-1", captures!["name"]);
    }

    [Fact]
    public void SeveralParametersSplitAtTheLastSeparatorTheGreedyMatchLeaves()
    {
        var pattern = BlobPathPattern.Parse("call-records/{center}/{name}");

        var captures = pattern.Match("sh/2026/11/19.csv");

        Assert.Equal("sh/2026/11", captures!["center"]);
        Assert.Equal("19.csv", captures["name"]);
    }

    [Fact]
    public void BlobsThatDoNotFitThePatternAreNotMatched()
    {
        var pattern = BlobPathPattern.Parse("recordings/{name}.json");

        Assert.Null(pattern.Match("sh/2026/11/19/c-1.wav"));
    }

    [Fact]
    public void DoubledBracesAreLiteralAndTheLiteralStartIsTheListingPrefix()
    {
        var pattern = BlobPathPattern.Parse("exports/{{v1}}/{center}/{file}.csv");

        Assert.Equal("{v1}/", pattern.ListPrefix);
        Assert.Equal("cd", pattern.Match("{v1}/cd/2026-10.csv")!["center"]);
        Assert.Null(pattern.Match("v1/cd/2026-10.csv"));
    }

    [Theory]
    [InlineData("{center}/x")]
    [InlineData("recordings/{name")]
    [InlineData("recordings/{na-me}")]
    public void MalformedPathsAreRefused(string path) =>
        Assert.Throws<FormatException>(() => BlobPathPattern.Parse(path));
}
