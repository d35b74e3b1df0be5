namespace QaServerless.Kpis;

/// <summary>
/// A center's KPI targets (docs/kpis.md, targets): each one optional (null = no target). Rates are shares 0–1 like the
/// report's ratios; the first four are floors (met at or above), the critical-error rate and AHT are ceilings (met at or
/// below). What is sent is what is stored: the version and who changed it are the store's.
/// </summary>
public sealed record KpiTargets
{
    /// <summary>Pass rate at least this share (0.9 = 90 %).</summary>
    public decimal? PassRate { get; init; }
    /// <summary>Mean QA score at least this (0–100).</summary>
    public decimal? MeanScore { get; init; }
    /// <summary>First contact resolution (24 h window) at least this share.</summary>
    public decimal? FirstContactResolution { get; init; }
    /// <summary>Evaluations with a critical error at most this share (0.02 = 2 %).</summary>
    public decimal? CriticalErrorRate { get; init; }
    /// <summary>Average handle time at most this many seconds.</summary>
    public decimal? AverageHandleSeconds { get; init; }

    public static KpiTargets None { get; } = new();

    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        void Share(decimal? value, string field)
        {
            if (value is < 0 or > 1) errors[field] = ["A share from 0 to 1 (0.9 = 90 %), or null for no target."];
        }
        Share(PassRate, "passRate");
        Share(FirstContactResolution, "firstContactResolution");
        Share(CriticalErrorRate, "criticalErrorRate");
        if (MeanScore is < 0 or > 100) errors["meanScore"] = ["A score from 0 to 100, or null for no target."];
        if (AverageHandleSeconds is <= 0 or > 86_400) errors["averageHandleSeconds"] = ["Seconds, more than 0 and at most 86,400, or null for no target."];
        return errors;
    }

    /// <summary>Whether <paramref name="value"/> meets the target of <paramref name="figure"/>; null without a target or a value.</summary>
    public bool? Met(TargetFigure figure, decimal? value)
    {
        var target = figure switch
        {
            TargetFigure.PassRate => PassRate, TargetFigure.MeanScore => MeanScore, TargetFigure.FirstContactResolution => FirstContactResolution,
            TargetFigure.CriticalErrorRate => CriticalErrorRate, _ => AverageHandleSeconds,
        };
        if (target is null || value is null) return null;
        return figure is TargetFigure.CriticalErrorRate or TargetFigure.AverageHandleSeconds ? value <= target : value >= target;
    }
}

/// <summary>The figures a center can set a target for.</summary>
public enum TargetFigure { PassRate, MeanScore, FirstContactResolution, CriticalErrorRate, AverageHandleSeconds }

/// <summary>The stored targets with their version (the ETag is <c>"{version}"</c>; 0 = never set) and who set them when.</summary>
public sealed record KpiTargetsVersion(string CenterId, int Version, KpiTargets Targets, string? UpdatedBy, DateTimeOffset? UpdatedAt)
{
    public string ETag => $"\"{Version}\"";
}
