using QaServerless.Privacy;

namespace QaServerless.Evaluations;

public static class EvaluationText
{
    /// <summary>
    /// The version with its free text masked (<see cref="PiiMasker"/>): the reason, problem descriptions, the appeal and
    /// decision comments (the disputed items' reasons and decision comments too), coaching actions and outcomes. People quote the customer's number in them ("客户留的号码…");
    /// <see cref="EvaluationService"/> stores every version through this, so no step can forget it. Idempotent.
    /// </summary>
    public static Evaluation Masked(this Evaluation e) => e with
    {
        Reason = PiiMasker.Mask(e.Reason),
        Problems = e.Problems.Select(p => p with { Description = PiiMasker.Mask(p.Description) }).ToList(),
        Appeal = e.Appeal is { } a ? a with
        {
            Comment = PiiMasker.Mask(a.Comment), DecisionComment = PiiMasker.MaskOrNull(a.DecisionComment),
            Items = a.Items.Select(i => i with { Reason = PiiMasker.Mask(i.Reason), Comment = PiiMasker.MaskOrNull(i.Comment) }).ToList(),
        } : null,
        Coaching = e.Coaching.Select(c => c with { Action = PiiMasker.Mask(c.Action), Outcome = PiiMasker.MaskOrNull(c.Outcome) }).ToList(),
    };
}
