using System.Diagnostics;
using System.Runtime.InteropServices;

namespace QaServerless.LocalHost.Storage;

/// <summary>
/// Starts a command in a process group of its own (setsid) with a watchdog in that group: when the owning process
/// dies, however it dies (Ctrl+C, crash, kill -9), or when the command ends, the watchdog ends the whole group.
/// Stopping ends the group too: SIGTERM to a shim (npm's) was seen to leave the real process running.
/// Signals go through libc's kill(-pgid, sig), never /bin/kill: procps-ng 4.0.2 reads "kill -TERM -1xxxx" as
/// kill(-1), which signals every process of the user.
/// </summary>
public static class OwnedProcessGroup
{
    // bash leads the new group: it starts the command, then watches the owner; when the owner or the command is gone
    // it ends the group (TERM, then KILL for whatever ignored it). It ignores TERM itself so that it can send the KILL.
    // Builtin kill with "--": the negative number is the group.
    private const string Watchdog =
        """
        trap '' TERM
        owner=$1; shift
        "$@" &
        child=$!
        while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -TERM -- -$$ 2>/dev/null; sleep 1; kill -KILL -- -$$ 2>/dev/null
        """;

    private const int SigKill = 9, SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    /// <summary>The start info; the started process's id is the group id (setsid execs in place for a non-leader).</summary>
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "bash", "-c", Watchdog, "watchdog", Environment.ProcessId.ToString(), file }.Concat(arguments)) psi.ArgumentList.Add(a);
        return psi;
    }

    /// <summary>True while any process of the group is alive (signal 0 to the group).</summary>
    public static bool IsAlive(int group) => group > 1 && kill(-group, 0) == 0;

    /// <summary>Ends the group: TERM, a grace period, then KILL. Synchronous, so exit and crash handlers can call it.</summary>
    public static void Stop(Process process, TimeSpan? grace = null)
    {
        int group;
        try { group = process.Id; } catch (InvalidOperationException) { return; }
        if (group <= 1) return; // never signal -1 or -0: that is everyone
        kill(-group, SigTerm);
        var wait = Stopwatch.StartNew();
        // The watchdog ignores TERM and ends the group a second after the command is gone.
        while (wait.Elapsed < (grace ?? TimeSpan.FromSeconds(3)) && IsAlive(group)) Thread.Sleep(50);
        if (IsAlive(group)) kill(-group, SigKill);
        for (var i = 0; i < 40 && IsAlive(group); i++) Thread.Sleep(50);
        try { process.WaitForExit(1000); } catch (InvalidOperationException) { }
    }
}
