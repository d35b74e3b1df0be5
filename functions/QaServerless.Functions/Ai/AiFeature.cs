using Microsoft.Extensions.DependencyInjection.Extensions;
using QaServerless.Ai.Agreement;
using QaServerless.Ai.Analysis;
using QaServerless.Ai.Integration;
using QaServerless.Evaluations;
using QaServerless.Ai.OpenAI;
using QaServerless.Ai.PreScoring;
using QaServerless.Ai.Risk;
using QaServerless.Ai.Rules;
using QaServerless.Calls;
using QaServerless.Hosting;

namespace QaServerless.Ai;

/// <summary>
/// AI-assisted QA: rule tagging, transcription, evidence-backed pre-scoring, risk, agreement with humans.
/// Everything lives under <c>/api/ai/{center}/…</c>; the queue-triggered <c>AnalyzeCall</c> does the work. See docs/ai.md.
/// </summary>
public static class AiFeature
{
    public static IServiceCollection AddAi(this IServiceCollection services)
    {
        services.AddOptions<OpenAIOptions>().BindConfiguration("OpenAI");
        services
            .AddTable(RuleSetStore.Table)
            .AddTable(RiskFlagStore.Table)
            .AddTable(AiSettingsStore.Table)
            .AddTable(AnalysisStore.StatusTable)
            .AddTable(AnalysisStore.UsageTable)
            .AddTable(AgreementStore.Table)
            .AddBlobContainer(AnalysisStore.Container)
            .AddBlobContainer(CallAnalyzer.RecordingsContainer)
            .AddQueue(AnalysisQueue.Name)
            .AddSingleton<RuleSetStore>()
            .AddSingleton<RiskFlagStore>()
            .AddSingleton<AiSettingsStore>()
            .AddSingleton<AnalysisStore>()
            .AddSingleton<AgreementStore>()
            .AddSingleton<AnalysisQueue>()
            .AddSingleton<OpenAIGateway>()
            .AddSingleton<CallAnalyzer>()
            .AddSingleton<ICallIngestedSink, AnalyzeIngestedCalls>();
        // Pre-scoring on the scorecard in force; agreement pairs recorded when the scoring feature releases an evaluation.
        services.TryAddSingleton<IPreScoringCardSource, ScorecardPreScoringCards>();
        services.AddSingleton<IEvaluationFactsSink, AgreementFactsSink>();
        // A text conversation's problem records point at its messages, read from the transcript stored at ingest.
        services.AddSingleton<IConversationMessages, TranscriptMessages>();
        return services;
    }

    public static IEndpointRouteBuilder MapAi(this IEndpointRouteBuilder app)
    {
        var ai = app.MapGroup("/api/ai").WithTags("AI");
        ai.MapRules();
        ai.MapAnalysis();
        ai.MapAgreementGaps();
        app.MapAnalyzeCallTrigger();
        return app;
    }
}
