namespace QaServerless.ReferenceData;

/// <summary>A contact center (a tenant). Days, months and timers are in its own time zone.</summary>
public sealed record Center(string CenterId, string Name, string TimeZone, int RetentionDays = 365)
{
    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The center's local calendar day of an instant.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
}

/// <summary>An agent on the roster. <see cref="OnRoster"/> is false for an agent first seen in call records, flagged for an admin.</summary>
public sealed record Agent(string CenterId, string AgentId, string Name, string Team, string? SupervisorId, DateOnly? HireDate,
    IReadOnlyList<string> BusinessTypes, bool Active = true, bool OnRoster = true)
{
    public bool IsNewHire(DateOnly day, int tenureDays = 90) => HireDate is { } hired && day.DayNumber - hired.DayNumber < tenureDays;
}

/// <summary>An inspector (质检员): who may score which calls and how many a day.</summary>
public sealed record Inspector(string CenterId, string InspectorId, string Name, int DailyCap,
    IReadOnlyList<string> Skills, IReadOnlyList<string> ExcludedTeams, bool Active = true)
{
    /// <summary>Conflict of interest: an inspector never evaluates a team they must not (their own, a relative's…).</summary>
    public bool MayEvaluate(string team) => !ExcludedTeams.Contains(team, StringComparer.OrdinalIgnoreCase);

    /// <summary>An inspector with no skills listed may take any business type.</summary>
    public bool HasSkillFor(string businessType) => Skills.Count == 0 || Skills.Contains(businessType, StringComparer.OrdinalIgnoreCase);
}
