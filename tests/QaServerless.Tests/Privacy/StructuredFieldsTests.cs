using System.Text.Json;
using QaServerless.Ingestion;
using QaServerless.Privacy;

namespace QaServerless.Tests.Privacy;

/// <summary>Ingestion's field rules, pure: personal data and formulas in the fields of a call record.</summary>
public sealed class StructuredFieldsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 9, 0, 0, TimeSpan.FromHours(8));

    private static List<FieldError> Errors(string field, string value)
    {
        var record = new Dictionary<string, object?>
        {
            ["callId"] = "c-20261119-0001", ["agentId"] = "a017", ["team"] = "SH-T2", ["businessType"] = "咨询", ["direction"] = "inbound",
            ["start"] = "2026-11-19T10:02:03+08:00", ["talkSeconds"] = 183, ["customerKey"] = "sha256:5d41402abc4b2a76b9719d911017c592",
            ["audioFile"] = "c-20261119-0001.wav",
        };
        record[field] = value;
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(record));
        return CallRecordParser.Parse(new JsonRecordFields(doc.RootElement.Clone()), "sh", Now, audioRequired: true).Errors;
    }

    [Theory]
    [InlineData("businessType", "回拨13812345678", "a mobile number")]
    [InlineData("team", "卡6222021234567890128", "a bank card number")]
    [InlineData("team", "班组 138，1234，5678", "a mobile number")]
    [InlineData("businessType", "1 3 8 1 2 3 4 5 6 7 8", "a mobile number")]
    [InlineData("team", "６２１７．０００１．２３４５．６７８８", "a bank card number")]
    [InlineData("customerKey", "11010519491231002X", "a resident ID number")]
    [InlineData("customerKey", "110105 19491231 002X", "a resident ID number")]
    [InlineData("customerKey", "+86 138 1234 5678", "a mobile number")]
    [InlineData("callId", "13812345678", "a mobile number")]
    [InlineData("callId", "c-138-1234-5678", "a mobile number")]
    [InlineData("agentId", "6217000123456788", "a bank card number")]
    [InlineData("audioFile", "13812345678.wav", "a mobile number")]
    [InlineData("team", "T1 021-62345678", "a landline number")]
    public void APhoneIdOrCardNumberInAStructuredFieldRefusesTheRecordNamingFieldAndKindMasked(string field, string value, string kind)
    {
        var error = Assert.Single(Errors(field, value));
        Assert.Equal(field, error.Field);
        Assert.Contains("looks like personal data (" + kind, error.Reason);
        Assert.Contains(PiiMasker.Mask(value), error.Reason);
        Assert.DoesNotContain(value, error.Reason);
    }

    [Theory]
    [InlineData("team", "+SUM(1,2)", '+')]
    [InlineData("team", "=1+1", '=')]
    [InlineData("businessType", "@SUM(A1)", '@')]
    [InlineData("businessType", "-2+3", '-')]
    [InlineData("team", "＝1+1", '＝')]
    [InlineData("team", "＋SUM(1,2)", '＋')]
    [InlineData("businessType", "－1", '－')]
    [InlineData("businessType", "＠A1", '＠')]
    [InlineData("team", "  =1+1", '=')]
    [InlineData("team", "　＠A1", '＠')] // after a full-width space
    public void ATeamOrBusinessTypeThatLooksLikeAFormulaIsRefused(string field, string value, char first)
    {
        var error = Assert.Single(Errors(field, value));
        Assert.Equal((field, $"looks like a spreadsheet formula (starts with '{first}')"), (error.Field, error.Reason));
    }

    [Theory]
    [InlineData("team", "SH-T2")]
    [InlineData("team", "T-1 (2026)")]
    [InlineData("businessType", "售后-退款 2.0")]
    [InlineData("callId", "c-20261119-0001")]
    [InlineData("callId", "2026111910020300017")] // a 19-digit timestamp id: Luhn-valid, but no issuer starts with 2026
    [InlineData("callId", "20261119100203-0001-0002")]
    [InlineData("agentId", "A13812345678")] // a code glued to a letter, not a phone
    [InlineData("customerKey", "sha256:9f8a13812345678bcd0e11010519491231002e")] // a hash's digit runs are glued to hex letters
    public void OrdinaryIdsLabelsAndHashesAreAccepted(string field, string value) => Assert.Empty(Errors(field, value));

    [Fact]
    public void TheTimestampIdIsLuhnValidSoOnlyTheIssuerRuleKeepsItIn() => Assert.True(PiiMasker.IsLuhnCard("2026111910020300017"));

    [Theory]
    [InlineData("+SUM(1,2)", "'+SUM(1,2)")]
    [InlineData("＝1+1", "'＝1+1")]
    [InlineData(" @A1", "' @A1")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("SH-T2", "SH-T2")]
    public void ExportsNeutraliseFormulaLikeText(string text, string expected) => Assert.Equal(expected, FormulaText.Neutralise(text));
}
