using QaServerless.Privacy;

namespace QaServerless.Tests.Ai;

public sealed class PiiMaskerTests
{
    [Theory]
    [InlineData("我的手机是13812345678谢谢", "我的手机是138****5678谢谢")]
    [InlineData("打 138 1234 5678 就行", "打 138 **** 5678 就行")]
    [InlineData("号码+86 139-0000-1111。", "号码+86 139-****-1111。")]
    public void MobileNumbersAreMaskedKeepingPrefixAndLastFour(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Theory]
    [InlineData("我的手机是幺三八一二三四五六七八", "我的手机是幺三八****五六七八")]
    [InlineData("打一三九 零零零零 幺幺幺幺就行", "打一三九 **** 幺幺幺幺就行")]
    [InlineData("号码是138一二三四5678", "号码是138****5678")]
    [InlineData("电话１３８１２３４５６７８", "电话１３８****５６７８")]
    [InlineData("座机零二幺六二三四五六七八", "座机*******五六七八")]
    public void NumbersReadAloudOrInFullWidthDigitsAreMaskedAsWritten(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Theory]
    [InlineData("一个一个来，两天后三点再打")]
    [InlineData("订单一二三四五已经发货")]
    [InlineData("第一二三四五六七八九十条")]
    public void NumeralsInOrdinaryWordsAreLeftAlone(string text) =>
        Assert.Equal(text, PiiMasker.Mask(text));

    [Theory]
    [InlineData("座机021-62345678转", "座机***-****5678转")]
    [InlineData("（0755）86001234", "（****）****1234")]
    public void LandlineNumbersAreMasked(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Fact]
    public void AResidentIdWithAValidCheckDigitIsMasked()
    {
        // 11010519491231002X: the sample number of GB 11643; the weighted sum mod 11 is 2 → check character X.
        Assert.True(PiiMasker.IsValidResidentId("11010519491231002X"));
        Assert.Equal("身份证**************002X。", PiiMasker.Mask("身份证11010519491231002X。"));
    }

    [Fact]
    public void AnEighteenDigitRunWithAWrongCheckDigitIsNotAnId()
    {
        Assert.False(PiiMasker.IsValidResidentId("110105194912310021"));
        // Nor is it a card (Luhn fails too), so it stays as it is: it is probably an order number.
        Assert.Equal("单号110105194912310021", PiiMasker.Mask("单号110105194912310021"));
    }

    [Fact]
    public void AnIdWithAnImpossibleBirthDateIsNotAnId() =>
        // Same region and sequence, birth date 1949-13-31: the check digit is recomputed so only the date is wrong.
        Assert.False(PiiMasker.IsValidResidentId(WithCheckDigit("11010519491331002")));

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("5555555555554444", true)]
    [InlineData("411111111111111", false)] // 15 digits: too short for a card
    public void LuhnDecidesWhatIsACard(string digits, bool valid) => Assert.Equal(valid, PiiMasker.IsLuhnCard(digits));

    [Fact]
    public void CardNumbersAreMaskedKeepingSeparatorsAndLastFour()
    {
        Assert.Equal("卡号**** **** **** 1111", PiiMasker.Mask("卡号4111 1111 1111 1111"));
        Assert.Equal("************4444", PiiMasker.Mask("5555555555554444"));
        Assert.Equal("卡号4111111111111112", PiiMasker.Mask("卡号4111111111111112"));
    }

    [Theory]
    [InlineData("订单20261120138123456789")] // a mobile number inside a longer digit run
    [InlineData("流水号941111111111111111")] // a Luhn-valid 16-digit run inside 18 digits that fail as an id
    [InlineData("时间戳113812345678")]
    [InlineData("编号0213812345678901")]
    public void NumbersInsideLongerDigitRunsAreLeftAlone(string text) => Assert.Equal(text, PiiMasker.Mask(text));

    [Theory]
    [InlineData("号码 1 3 8 1 2 3 4 5 6 7 8 对", "号码 1 3 8 * * * * 5 6 7 8 对")]
    [InlineData("打138，1234，5678吧", "打138，****，5678吧")]
    [InlineData("138.1234.5678", "138.****.5678")]
    [InlineData("138-1234 5678", "138-**** 5678")]
    [InlineData("１３８－１２３４－５６７８", "１３８－****－５６７８")]
    [InlineData("１３８　１２３４　５６７８", "１３８　****　５６７８")]
    [InlineData("１３８．１２３４．５６７８。", "１３８．****．５６７８。")]
    [InlineData("幺三八，幺二三四，五六七八", "幺三八，****，五六七八")]
    [InlineData("幺 三 八 幺 二 三 四 五 六 七 八", "幺 三 八 * * * * 五 六 七 八")]
    [InlineData("+86 138 1234 5678", "+86 138 **** 5678")]
    public void MobileNumbersInSpacedPunctuatedAndFullWidthGroupsAreMasked(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Theory]
    [InlineData("身份证 110105 19491231 002X 对吧", "身份证 ****** ******** 002X 对吧")]
    [InlineData("110105-19491231-002x", "******-********-002x")]
    [InlineData("１１０１０５　１９４９１２３１　００２Ｘ", "******　********　００２Ｘ")]
    [InlineData("1 1 0 1 0 5 1 9 4 9 1 2 3 1 0 0 2 X", "* * * * * * * * * * * * * * 0 0 2 X")]
    public void ResidentIdsInGroupsAreMasked(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Theory]
    [InlineData("卡号6217.0001.2345.6788。", "卡号****.****.****.6788。")]
    [InlineData("卡号 6217 0001 2345 6788", "卡号 **** **** **** 6788")]
    [InlineData("６２１７－０００１－２３４５－６７８８", "****－****－****－６７８８")]
    [InlineData("６２１７，０００１，２３４５，６７８８", "****，****，****，６７８８")]
    [InlineData("卡6222021234567890128", "卡***************0128")]
    public void CardNumbersInGroupsAreMasked(string text, string expected) =>
        Assert.Equal(expected, PiiMasker.Mask(text));

    [Theory]
    [InlineData("会议 12:30 开始，金额 1,234.56 元")]
    [InlineData("合计 12,345,678.90 元，11:30-12:30")]
    [InlineData("日期 2026.11.19 2026.11.20，版本 10.0.1")]
    [InlineData("订单号 20261120 138123456789")] // a 12-digit run holds no mobile number
    [InlineData("IP 192.168.100.123")]
    public void TimesMoneyDatesAndRunsAreLeftAlone(string text) => Assert.Equal(text, PiiMasker.Mask(text));

    [Theory]
    [InlineData("x941b0072986 2026-10: x941b0072986/2026-10/kpis.csv")] // a hex id and a year are not one landline
    [InlineData("blob 3f2a0123456789b1-4c2d")] // digits inside a GUID or a hash
    [InlineData("编号 0216 23 45678 件")] // cut where no landline is cut (4-2-5)
    public void NumbersThatOnlyFollowEachOtherOrSitInsideCodesAreLeftAlone(string text) => Assert.Equal(text, PiiMasker.Mask(text));

    [Theory]
    [InlineData("tel13812345678", "tel138****5678")]
    [InlineData("ID:11010519491231002X", "ID:**************002X")]
    [InlineData("1381 2345 678", "138* ***5 678")] // 4-4-3: the same digits masked as in 138****5678
    public void NumbersWithALetterOnOneSideAreStillMasked(string text, string expected) => Assert.Equal(expected, PiiMasker.Mask(text));

    [Fact]
    public void TwoNumbersSideBySideAreMaskedEachOnItsOwn() =>
        Assert.Equal("138****5678 139****1111，第2次", PiiMasker.Mask("13812345678 13900001111，第2次"));

    [Fact]
    public void EmailAddressesAreMasked() =>
        Assert.Equal("发到z***@example.com.cn吧", PiiMasker.Mask("发到zhang.san@example.com.cn吧"));

    [Fact]
    public void ScanReportsEachKindOnce()
    {
        var (_, findings) = PiiMasker.Scan("13812345678, 11010519491231002X, 4111111111111111, a@b.cn, 010-62345678");
        Assert.Equal([PiiKind.Mobile, PiiKind.ResidentId, PiiKind.BankCard, PiiKind.Email, PiiKind.Landline], findings.Select(f => f.Kind));
    }

    [Fact]
    public void TextWithoutPersonalDataIsReturnedUnchanged()
    {
        const string text = "您好，这里是客服中心，工号1024为您服务，本次通话可能会被录音。";
        Assert.Same(text, PiiMasker.Mask(text));
    }

    private static string WithCheckDigit(string first17)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }
}
