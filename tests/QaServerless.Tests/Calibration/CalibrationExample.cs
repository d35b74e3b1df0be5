using QaServerless.Calibration;
using QaServerless.Scorecards;
using QaServerless.Scoring;

namespace QaServerless.Tests.Calibration;

/// <summary>
/// The worked calibration example used by the pure and the HTTP tests; every number is computed by hand below.
///
/// Scorecard: greet (yes/no, weight 1), verify (yes/no, weight 2), solve (scale 0..4, weight 2), close (yes/no, weight 1,
/// N/A allowed). Possible = 1 + 2 + 2×4 + 1 = 12 points (11 when close is N/A).
///
/// Answers are (greet, verify, solve, close); null = N/A. Scores are rounded to 2 decimals by the score formula.
/// <code>
///          standard          ana (= standard)   bo                 cy
/// c1   (1,1,4,1) 100.00   same               same               (1,1,3,1) 83.33
/// c2   (1,1,3,1)  83.33   same               same               same
/// c3   (0,1,4,1)  91.67   same               (1,1,4,1) 100.00   same
/// c4   (1,0,4,1)  83.33   same               same               (1,1,4,1) 100.00
/// c5   (1,1,2,NA) 63.64   same               same               same          (7 / 11)
/// </code>
/// Against the standard, proportional method, 5 % on the mean:
/// ana: 0 everywhere → passes.
/// bo: c3 |100 − 91.67| / 91.67 = 9.087 %, 8.33 points; mean 1.817 %, 1.666 points → passes.
/// cy: c1 |83.33 − 100| / 100 = 16.67 %; c4 |100 − 83.33| / 83.33 = 20.005 %; mean 7.335 %, 6.668 points → fails.
/// Item greet, pairwise agreement among the three: c3 answers (0,1,0) → 2 of 6 ordered pairs agree; the other four
/// calls 6 of 6 → 26 / 30 = 86.67 %.
/// </summary>
internal static class CalibrationExample
{
    public static readonly string[] CallIds = ["c1", "c2", "c3", "c4", "c5"];

    public static Scorecard Card(string center = "c", string id = "sc-cal") => new()
    {
        CenterId = center, ScorecardId = id, Name = "Calibration example", Status = ScorecardStatus.Published, Version = 1,
        Sections =
        [
            new ScorecardSection
            {
                SectionId = "all", Title = "All",
                Items =
                [
                    new ScorecardItem { ItemId = "greet", Text = "Greets within 2 s", Weight = 1 },
                    new ScorecardItem { ItemId = "verify", Text = "Verifies identity", Weight = 2 },
                    new ScorecardItem { ItemId = "solve", Text = "Solves the problem", Weight = 2, AnswerType = AnswerType.Scale, ScaleMax = 4 },
                    new ScorecardItem { ItemId = "close", Text = "Offers more help", Weight = 1, NotApplicableAllowed = true },
                ],
            },
        ],
    };

    public static IReadOnlyList<ItemAnswer> Answers(int greet, int verify, int solve, int? close) =>
    [
        new("greet", greet), new("verify", verify), new("solve", solve),
        close is { } c ? new ItemAnswer("close", c) : ItemAnswer.NA("close"),
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> Standard = new Dictionary<string, IReadOnlyList<ItemAnswer>>
    {
        ["c1"] = Answers(1, 1, 4, 1), ["c2"] = Answers(1, 1, 3, 1), ["c3"] = Answers(0, 1, 4, 1),
        ["c4"] = Answers(1, 0, 4, 1), ["c5"] = Answers(1, 1, 2, null),
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> Ana => Standard;

    public static IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> Bo => new Dictionary<string, IReadOnlyList<ItemAnswer>>(Standard)
    {
        ["c3"] = Answers(1, 1, 4, 1),
    };

    public static IReadOnlyDictionary<string, IReadOnlyList<ItemAnswer>> Cy => new Dictionary<string, IReadOnlyList<ItemAnswer>>(Standard)
    {
        ["c1"] = Answers(1, 1, 3, 1), ["c4"] = Answers(1, 1, 4, 1),
    };

    // The hand computation of the header, written as arithmetic.
    public const double BoMeanPercent = (100 - 91.67) / 91.67 * 100 / 5;
    public const double BoMeanPoints = (100 - 91.67) / 5;
    public const double CyMeanPercent = ((100 - 83.33) / 100 * 100 + (100 - 83.33) / 83.33 * 100) / 5;
    public const double CyMeanPoints = ((100 - 83.33) + (100 - 83.33)) / 5;
    public const double GreetPercentAgreement = 100.0 * 26 / 30;
}
