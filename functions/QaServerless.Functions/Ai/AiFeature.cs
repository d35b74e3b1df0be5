using QaServerless.Ai.Risk;
using QaServerless.Ai.Rules;
using QaServerless.Hosting;

namespace QaServerless.Ai;

/// <summary>
/// AI-assisted QA: rule tagging, transcription, evidence-backed pre-scoring, risk, agreement with humans.
/// Everything lives under <c>/api/ai/{center}/…</c>; see docs/ai.md.
/// </summary>
public static class AiFeature
{
    public static IServiceCollection AddAi(this IServiceCollection services) => services
        .AddTable(RuleSetStore.Table)
        .AddTable(RiskFlagStore.Table)
        .AddSingleton<RuleSetStore>()
        .AddSingleton<RiskFlagStore>();

    public static IEndpointRouteBuilder MapAi(this IEndpointRouteBuilder app)
    {
        var ai = app.MapGroup("/api/ai").WithTags("AI");
        ai.MapRules();
        return app;
    }
}
