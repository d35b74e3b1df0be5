using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using QaServerless.LocalHost.Functions;

namespace QaServerless.LocalHost.Timers;

/// <summary>
/// Drives timerTrigger functions from their schedules (Cronos), with <c>runOnStartup</c>. The payload is the host's
/// TimerInfo: <c>{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last","Next","LastUpdated"},"IsPastDue":false}</c>.
/// Shortcut: schedule status lives in memory (the host keeps it in blob storage), so a restart does not catch up missed runs.
/// </summary>
public sealed class TimerTriggerDriver
{
    private readonly FunctionInvoker invoker;
    private readonly TimeProvider clock;
    private readonly ILogger<TimerTriggerDriver> log;
    private readonly List<Timer> timers;

    private sealed class Timer(FunctionDefinition function, TimerSchedule schedule)
    {
        public FunctionDefinition Function { get; } = function;
        public TimerSchedule Schedule { get; } = schedule;
        public DateTimeOffset? Last { get; set; }
        public DateTimeOffset? Next { get; set; }
    }

    public TimerTriggerDriver(FunctionCatalog catalog, FunctionInvoker invoker, Func<string, string?> settings, TimeProvider clock, ILogger<TimerTriggerDriver> log)
    {
        this.invoker = invoker; this.clock = clock; this.log = log;
        var zone = TimerSchedule.HostZone(settings);
        timers = catalog.WithTrigger("timerTrigger")
            .Select(f => new Timer(f, TimerSchedule.Parse(f.Trigger!["schedule"] ?? throw new InvalidOperationException($"{f.Name}: timerTrigger without schedule."), settings, zone)))
            .ToList();
    }

    public IReadOnlyList<string> Functions => timers.Select(t => $"{t.Function.Name} ← {t.Schedule.Expression}").ToList();

    public async Task RunAsync(CancellationToken ct)
    {
        if (timers.Count == 0) return;
        var now = clock.GetUtcNow();
        foreach (var t in timers) t.Next = t.Schedule.NextAfter(now);
        foreach (var t in timers.Where(t => t.Function.Trigger!.Flag("runOnStartup")))
            await FireAsync(t, pastDue: false, ct);
        while (!ct.IsCancellationRequested)
        {
            var due = timers.Where(t => t.Next is not null).MinBy(t => t.Next);
            if (due is null) return;
            var wait = due.Next!.Value - clock.GetUtcNow();
            // Wake at least once a minute, so a clock jump (suspend, NTP) does not leave a timer asleep for hours.
            try { if (wait > TimeSpan.Zero) await Task.Delay(wait < TimeSpan.FromMinutes(1) ? wait : TimeSpan.FromMinutes(1), clock, ct); }
            catch (OperationCanceledException) { return; }
            if (clock.GetUtcNow() < due.Next) continue;
            await FireAsync(due, pastDue: clock.GetUtcNow() - due.Next > TimeSpan.FromMinutes(1), ct);
        }
    }

    /// <summary>Runs a timer function now (the admin endpoint, or a due schedule).</summary>
    public async Task<InvocationResult> InvokeNowAsync(string functionName, CancellationToken ct = default)
    {
        var timer = timers.First(t => string.Equals(t.Function.Name, functionName, StringComparison.OrdinalIgnoreCase));
        return await FireAsync(timer, pastDue: false, ct);
    }

    private async Task<InvocationResult> FireAsync(Timer timer, bool pastDue, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var next = timer.Schedule.NextAfter(now);
        var data = new JsonObject { [timer.Function.Trigger!.Name] = Payload(timer.Last, next, now, pastDue) };
        var metadata = HostShape.Metadata([], timer.Function.Name, clock);
        log.LogInformation("{Function} ← timer ({Schedule}){PastDue}", timer.Function.Name, timer.Schedule.Expression, pastDue ? " past due" : "");
        var result = await invoker.InvokeAsync(timer.Function, data, metadata, ct);
        timer.Last = now;
        timer.Next = next;
        return result;
    }

    /// <summary>The TimerInfo object the host sends (an object, so it arrives as an object, not as text).</summary>
    public static JsonObject Payload(DateTimeOffset? last, DateTimeOffset? next, DateTimeOffset lastUpdated, bool pastDue) => new()
    {
        ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
        ["ScheduleStatus"] = new JsonObject
        {
            ["Last"] = (last ?? DateTimeOffset.MinValue).ToString("O"),
            ["Next"] = next?.ToString("O"),
            ["LastUpdated"] = lastUpdated.ToString("O"),
        },
        ["IsPastDue"] = pastDue,
    };
}
