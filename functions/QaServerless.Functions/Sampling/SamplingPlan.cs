namespace QaServerless.Sampling;

/// <summary>
/// A center's sampling plan (抽检方案), versioned: every change by a QA lead is a new version, and every sampling run
/// records the version it used. Defaults are those of docs/sampling.md.
/// </summary>
public sealed record SamplingPlan
{
    public string CenterId { get; init; } = "";
    /// <summary>0 = the built-in default plan (no version saved yet).</summary>
    public int Version { get; init; }

    /// <summary>Calls to review per agent per month, spread over the month's working days (market norm 4–10).</summary>
    public double BaseTargetPerAgentPerMonth { get; init; } = 8;

    /// <summary>Tenure under this many days makes an agent a new hire.</summary>
    public int NewHireTenureDays { get; init; } = 90;
    public double NewHireMultiplier { get; init; } = 2;

    /// <summary>Agents on the watch list (failed or critical evaluation, complaint in the last <see cref="WatchListDays"/> days).</summary>
    public double WatchListMultiplier { get; init; } = 1.5;
    public int WatchListDays { get; init; } = 30;

    /// <summary>Weight of a business type within an agent's allocation (key scenarios), e.g. 投诉 (complaint) ×2.</summary>
    public IReadOnlyDictionary<string, double> BusinessTypeMultipliers { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["投诉"] = 2, ["complaint"] = 2 };

    /// <summary>Every active agent with calls keeps at least this many a week, even when capacity is short.</summary>
    public double FloorPerAgentPerWeek { get; init; } = 1;

    /// <summary>
    /// Optional rate per channel (<see cref="Calls.Channels.KeyOf"/>: <c>voice</c>, <c>chat</c>, <c>email</c> …), 0..1: a
    /// channel named here is drawn by that share of its calls instead of the per-agent target. Absent (older plans) or
    /// empty: every channel by the per-agent target, as before.
    /// </summary>
    public IReadOnlyDictionary<string, double>? ChannelRates { get; init; }

    /// <summary>The plan's rate for a channel, or null when the channel goes by the per-agent target.</summary>
    public double? RateOf(string channel) =>
        ChannelRates?.FirstOrDefault(kv => string.Equals(kv.Key?.Trim(), channel, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit ? hit.Value : null;

    /// <summary>Always-include rules: announced test calls, complaint calls, calls flagged high-risk (rules/AI).</summary>
    public bool IncludeTestCalls { get; init; } = true;
    public bool IncludeComplaints { get; init; } = true;
    public bool IncludeHighRisk { get; init; } = true;

    /// <summary>Exclusions: calls shorter than this (talk seconds) and abandoned calls are never drawn at random.</summary>
    public int MinTalkSeconds { get; init; } = 10;
    public bool ExcludeAbandoned { get; init; } = true;

    /// <summary>The center's QA working days (inspectors work and targets accrue on them); holidays are skipped.</summary>
    public IReadOnlyList<DayOfWeek> WorkingDays { get; init; } =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    public IReadOnlyList<DateOnly> Holidays { get; init; } = [];

    public string? ChangedBy { get; init; }
    public DateTimeOffset? ChangedAt { get; init; }
    public string? ETag { get; init; }

    public static SamplingPlan Default(string centerId) => new() { CenterId = centerId };

    public bool IsWorkingDay(DateOnly day) => WorkingDays.Contains(day.DayOfWeek) && !Holidays.Contains(day);

    /// <summary>The first working day strictly after <paramref name="day"/> (inspectors review a day's sample then).</summary>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        var next = day.AddDays(1);
        for (var i = 0; i < 366 && !IsWorkingDay(next); i++) next = next.AddDays(1);
        return next;
    }

    /// <summary>Working days of the month of <paramref name="day"/> (at least 1, so a target always spreads somewhere).</summary>
    public int WorkingDaysInMonth(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        var n = Enumerable.Range(0, DateTime.DaysInMonth(day.Year, day.Month)).Count(i => IsWorkingDay(first.AddDays(i)));
        return Math.Max(1, n);
    }

    /// <summary>1-based index of a working day within its month; 0 for a non-working day.</summary>
    public int WorkingDayIndex(DateOnly day)
    {
        if (!IsWorkingDay(day)) return 0;
        var first = new DateOnly(day.Year, day.Month, 1);
        return Enumerable.Range(0, day.Day).Count(i => IsWorkingDay(first.AddDays(i)));
    }

    public double BusinessTypeWeight(string businessType) =>
        BusinessTypeMultipliers.TryGetValue(businessType, out var w) ? w : 1;

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (BaseTargetPerAgentPerMonth is < 0 or > 1000) errors["baseTargetPerAgentPerMonth"] = ["Between 0 and 1000 calls per agent per month."];
        if (NewHireTenureDays is < 0 or > 3650) errors["newHireTenureDays"] = ["Between 0 and 3650 days."];
        if (NewHireMultiplier is < 0 or > 100) errors["newHireMultiplier"] = ["Between 0 and 100."];
        if (WatchListMultiplier is < 0 or > 100) errors["watchListMultiplier"] = ["Between 0 and 100."];
        if (WatchListDays is < 1 or > 365) errors["watchListDays"] = ["Between 1 and 365 days."];
        if (FloorPerAgentPerWeek is < 0 or > 50) errors["floorPerAgentPerWeek"] = ["Between 0 and 50 calls a week."];
        if (MinTalkSeconds is < 0 or > 3600) errors["minTalkSeconds"] = ["Between 0 and 3600 seconds."];
        if (BusinessTypeMultipliers.Any(kv => string.IsNullOrWhiteSpace(kv.Key) || kv.Value is < 0 or > 100))
            errors["businessTypeMultipliers"] = ["Each business type needs a name and a multiplier between 0 and 100."];
        foreach (var (channel, rate) in ChannelRates ?? new Dictionary<string, double>())
            if (string.IsNullOrWhiteSpace(channel) || channel.Trim().Length > 40) errors["channelRates"] = ["Each rate needs a channel name of up to 40 characters."];
            else if (rate is < 0 or > 1 || double.IsNaN(rate)) errors[$"channelRates.{channel.Trim()}"] = ["A share of the channel's calls between 0 and 1."];
        if (WorkingDays.Count == 0) errors["workingDays"] = ["At least one working day."];
        return errors;
    }
}
