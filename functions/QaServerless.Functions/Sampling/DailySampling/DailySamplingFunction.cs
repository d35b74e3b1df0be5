using QaServerless.Hosting;
using QaServerless.ReferenceData;

namespace QaServerless.Sampling;

/// <summary>
/// <c>DailySampling</c>: timer (CRON in function.json: every hour at :15). Each tick samples, for every center,
/// "yesterday" in the center's own time zone; a day already sent is skipped, so each center is sampled shortly after
/// its midnight whatever its zone, and a failed tick is simply redone by the next one.
/// Output: one JSON object per sampled call on the <c>assignments</c> Service Bus queue (output binding
/// <c>assignments</c>). Objects, never bare strings: the host base64-decodes short strings that look like base64.
/// </summary>
public static class DailySamplingFunction
{
    public const string Name = "DailySampling";
    public const string Output = "assignments";

    public static void Map(IEndpointRouteBuilder app) => app.MapTrigger(Name, async (invocation, services, ct) =>
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var reference = services.GetRequiredService<ReferenceDataStore>();
        var sampling = services.GetRequiredService<SamplingService>();
        var response = new HostResponse();
        var messages = new List<object>();
        var failures = 0;
        foreach (var center in await reference.ListCentersAsync(ct))
        {
            var day = center.DayOf(clock.GetUtcNow()).AddDays(-1);
            try
            {
                var outcome = await sampling.RunAsync(center, day, ct);
                messages.AddRange(outcome.Messages);
                response.Log(outcome.AlreadySent
                    ? $"{center.CenterId} {day:yyyy-MM-dd}: already sent, nothing to do."
                    : $"{center.CenterId} {day:yyyy-MM-dd}: {outcome.Run.Population} calls in {outcome.Run.Strata} strata, " +
                      $"{outcome.Run.MustInclude} must-include + {outcome.Run.Drawn} drawn (capacity {outcome.Run.Capacity}, cut {outcome.Run.Cut}), " +
                      $"{outcome.Run.StorageReads} storage reads.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One center's failure must not hold back the others' messages; its run stays "Drawing" and the next tick redoes it.
                failures++;
                response.Log($"{center.CenterId} {day:yyyy-MM-dd}: failed, retried next tick: {e.GetType().Name}: {e.Message}");
            }
        }
        return response.Output(Output, messages).Log($"{messages.Count} assignment messages, {failures} centers failed.");
    });
}
