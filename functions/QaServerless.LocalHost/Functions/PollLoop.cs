using Microsoft.Extensions.Logging;

namespace QaServerless.LocalHost.Functions;

/// <summary>
/// The receive loop the queue-like drivers share: poll, and when a poll found nothing wait one interval; a failed poll is
/// logged and tried again (the real host keeps listening through transient storage errors too).
/// </summary>
public static class PollLoop
{
    public static async Task RunAsync(Func<CancellationToken, Task<int>> pollOnce, TimeSpan interval, TimeProvider clock, ILogger log, string what, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var handled = 0;
            try { handled = await pollOnce(ct); }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning(e, "{What} poll failed; trying again", what); }
            if (handled > 0) continue;
            try { await Task.Delay(interval, clock, ct); } catch (OperationCanceledException) { return; }
        }
    }
}
