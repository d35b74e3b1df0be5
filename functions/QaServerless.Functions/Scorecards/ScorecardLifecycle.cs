namespace QaServerless.Scorecards;

/// <summary>
/// Draft → published (effective a notice period ahead) → retired, as pure rules. A published version's content never
/// changes; a change is a new draft version.
/// </summary>
public static class ScorecardLifecycle
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Publishes a draft. The effective date must be at least <see cref="ScoringSettings.NoticeDays"/> ahead; only an
    /// admin may shorten the notice, and only with a stated reason. Without a date, the earliest allowed one is used.
    /// </summary>
    public static (Scorecard? Published, FieldProblems Errors) Publish(
        Scorecard draft, DateTimeOffset? effectiveFrom, string? reason, bool byAdmin, string by, DateTimeOffset now, ScoringSettings settings)
    {
        var errors = new FieldProblems();
        if (draft.Status != ScorecardStatus.Draft)
        {
            errors.Add("status", "scorecard.not-draft", $"Only a draft can be published; this version is {draft.Status}.");
            return (null, errors);
        }
        errors.AddRange(ScorecardValidation.Validate(draft));

        var earliest = now.AddDays(settings.NoticeDays);
        var from = effectiveFrom ?? earliest;
        string? shortened = null;
        // "Now" as a client wrote it is a moment ago when it arrives: up to 5 minutes back counts as now.
        if (from < now && from >= now - ClockSkew) from = now;
        if (from < now) errors.Add("effectiveFrom", "scorecard.effective-in-past", "The effective date cannot be in the past.");
        else if (from < earliest)
        {
            if (!byAdmin) errors.Add("effectiveFrom", "scorecard.notice-too-short", $"A scorecard takes effect at least {settings.NoticeDays} days after it is published ({earliest:O}); only an admin may shorten the notice.");
            else if (string.IsNullOrWhiteSpace(reason)) errors.Add("reason", "scorecard.reason-missing", "Shortening the notice period needs a stated reason.");
            else shortened = reason.Trim();
        }
        if (errors.Count > 0) return (null, errors);

        return (draft with
        {
            Status = ScorecardStatus.Published, EffectiveFrom = from, PublishedAt = now, PublishedBy = by, NoticeShortenedReason = shortened,
        }, errors);
    }

    public static (Scorecard? Retired, FieldProblems Errors) Retire(Scorecard card, DateTimeOffset now)
    {
        var errors = new FieldProblems();
        if (card.Status == ScorecardStatus.Published) return (card with { Status = ScorecardStatus.Retired, RetiredAt = now }, errors);
        errors.Add("status", "scorecard.not-published", $"Only a published version can be retired; this version is {card.Status}.");
        return (null, errors);
    }

    /// <summary>
    /// The next draft, a copy of <paramref name="latest"/>'s content to edit. A copy of a version recorded before formulas
    /// existed takes the new default formula: the old version keeps its meaning, the new one is announced with its own.
    /// </summary>
    public static Scorecard NextDraft(Scorecard latest) => latest with
    {
        Version = latest.Version + 1, Status = ScorecardStatus.Draft, EffectiveFrom = null, PublishedAt = null, PublishedBy = null,
        NoticeShortenedReason = null, RetiredAt = null, Rules = ScoringRules.ForNewVersion(latest.Rules),
    };
}
