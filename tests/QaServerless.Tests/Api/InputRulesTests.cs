using QaServerless.Hosting;

namespace QaServerless.Tests.Api;

/// <summary>The rules behind every route, query and body value, without a host.</summary>
public sealed class InputRulesTests
{
    [Theory]
    [InlineData("c-2026-11-20-0001")]
    [InlineData("质检-1")]
    [InlineData("sh01")]
    public void IdsThatFitAStorageKeyPass(string id) => Assert.Null(InputRules.IdProblem(id));

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    [InlineData("\ud800")]
    public void IdsThatCannotBeAKeyAreRefused(string id) => Assert.NotNull(InputRules.IdProblem(id));

    [Fact]
    public void IdsAndTextHaveLengthLimits()
    {
        Assert.Null(InputRules.Problem("callId", new string('c', InputRules.MaxId)));
        Assert.NotNull(InputRules.Problem("callId", new string('c', InputRules.MaxId + 1)));
        Assert.Null(InputRules.Problem("comment", new string('t', InputRules.MaxText)));
        Assert.NotNull(InputRules.Problem("comment", new string('t', InputRules.MaxText + 1)));
        // Tokens are opaque and longer.
        Assert.Null(InputRules.Problem("continuationToken", new string('k', 1000)));
    }

    [Theory]
    [InlineData("\ud800x")]
    [InlineData("x\udc00")]
    [InlineData("bad \uFFFD byte")]
    public void TextWithALoneSurrogateOrAReplacementCharacterIsRefused(string text) => Assert.NotNull(InputRules.TextProblem(text));

    [Fact]
    public void APairedSurrogateIsText() => Assert.Null(InputRules.TextProblem("emoji 😀"));

    [Theory]
    [InlineData("%E8%B4%A8%E6%A3%80", true, "质检")]
    [InlineData("a+b", true, "a b")]
    [InlineData("%ED%A0%80", false, null)]
    [InlineData("%FF", false, null)]
    [InlineData("%C3%28", false, null)]
    public void QueryTextIsDecodedStrictly(string raw, bool ok, string? expected)
    {
        Assert.Equal(ok, RequestValueChecks.TryDecode(raw, plusIsSpace: true, out var decoded));
        if (ok) Assert.Equal(expected, decoded);
    }
}
