namespace QaServerless.Kpis;

/// <summary>
/// One answered contact of a customer (hashed key) on a business type, by any channel: a call and a chat of the same
/// customer key are contacts of one customer, so a chat after a call is a repeat of it. <see cref="Channel"/> only says
/// which channel row of the KPIs the contact's FCR counts in.
/// </summary>
public sealed record Contact(string CallId, DateTimeOffset Start, string Month, string AgentId, string Team, string BusinessType,
    string Channel = QaServerless.Calls.Channels.Voice);

/// <summary>
/// First-contact resolution by repeat contact (docs/kpis.md): within a window w, a contact is a repeat when the same
/// customer called about the same business type less than w before it; a first contact is one that is not a repeat;
/// it counts as resolved first time when no repeat follows it within w. FCR(w) = resolved first time ÷ first contacts.
/// </summary>
public static class RepeatContacts
{
    public static readonly IReadOnlyDictionary<string, TimeSpan> Windows = new Dictionary<string, TimeSpan>
    {
        ["2h"] = TimeSpan.FromHours(2), ["24h"] = TimeSpan.FromHours(24), ["7d"] = TimeSpan.FromDays(7),
    };

    public static TimeSpan Widest => Windows.Values.Max();

    /// <summary>What each contact adds to the FCR counters, given all contacts of one customer and business type.</summary>
    public static Dictionary<string, Counters> Contributions(IReadOnlyList<Contact> contacts)
    {
        var ordered = contacts.OrderBy(c => c.Start).ThenBy(c => c.CallId, StringComparer.Ordinal).ToList();
        var result = new Dictionary<string, Counters>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var counters = new Counters();
            foreach (var (name, w) in Windows)
            {
                var repeat = i > 0 && ordered[i].Start - ordered[i - 1].Start < w;
                if (repeat) continue;
                var followed = i + 1 < ordered.Count && ordered[i + 1].Start - ordered[i].Start < w;
                counters.Add(K.FirstContacts(name), 1).Add(K.ResolvedFirstTime(name), followed ? 0 : 1);
            }
            result[ordered[i].CallId] = counters;
        }
        return result;
    }

    /// <summary>
    /// How the FCR counters of each contact change when <paramref name="added"/> joins <paramref name="neighbours"/> (the
    /// other contacts within the widest window of it) and <paramref name="removed"/> leaves: only contacts within a window
    /// of the change can change, and all they depend on lies within the neighbours read.
    /// </summary>
    public static Dictionary<string, Counters> Delta(IReadOnlyList<Contact> neighbours, Contact? added, string? removed)
    {
        var before = Contributions(neighbours);
        var after = Contributions(neighbours.Where(c => c.CallId != removed && c.CallId != added?.CallId)
            .Concat(added is null ? [] : [added]).ToList());
        var delta = new Dictionary<string, Counters>();
        foreach (var id in before.Keys.Union(after.Keys))
        {
            var d = (after.TryGetValue(id, out var a) ? a.Clone() : new Counters()).Add(before.TryGetValue(id, out var b) ? b : new Counters(), -1);
            if (!d.IsEmpty) delta[id] = d;
        }
        return delta;
    }
}
