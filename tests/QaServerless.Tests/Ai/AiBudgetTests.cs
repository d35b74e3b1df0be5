using Microsoft.Extensions.DependencyInjection;
using QaServerless.Ai.Analysis;
using QaServerless.Tests.Infrastructure;

namespace QaServerless.Tests.Ai;

/// <summary>The daily audio budget holds when many analyses run at once (queue triggers on several instances).</summary>
[Collection(AppCollection.Name)]
public sealed class AiBudgetTests(AppFixture app)
{
    private static readonly DateOnly Day = new(2026, 11, 19);
    private AnalysisStore Store => app.Services.GetRequiredService<AnalysisStore>();

    [Fact]
    public async Task AnalysesReservingAtOnceNeverSpendPastTheBudget()
    {
        var center = AppFixture.NewCenterId();

        // Twelve 10-second calls race for a budget of 60 seconds.
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Store.ReserveAsync(center, Day, $"c-{i}", 10, 60, default)));

        Assert.Equal(6, results.Count(r => r.Granted));
        var usage = await Store.GetDailyUsageAsync(center, Day, default);
        Assert.Equal(6, usage.Calls);
        Assert.Equal(1.0, usage.AudioMinutes, precision: 9);
    }

    [Fact]
    public async Task ARedeliveredCallKeepsItsReservationAndIsNotCountedTwice()
    {
        var center = AppFixture.NewCenterId();
        Assert.True((await Store.ReserveAsync(center, Day, "c-1", 40, 60, default)).Granted);

        // The same call again (its message redelivered): granted, though 40 + 40 would be over the budget.
        var again = await Store.ReserveAsync(center, Day, "c-1", 40, 60, default);
        var other = await Store.ReserveAsync(center, Day, "c-2", 30, 60, default);

        Assert.Equal((true, 40.0), again);
        Assert.Equal((false, 40.0), other);
        Assert.True((await Store.ReserveAsync(center, Day, "c-3", 20, 60, default)).Granted);
    }
}
