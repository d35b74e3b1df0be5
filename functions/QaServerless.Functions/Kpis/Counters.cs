using System.Text.Json;

namespace QaServerless.Kpis;

/// <summary>
/// Named sums that add up: the content of one rollup row. Every KPI is a ratio of such sums, so rollups can be
/// added (months, groups) and a fact's contribution can be taken out again (a correction) by adding its negation.
/// Stored as one JSON property, so new counters need no schema change.
/// </summary>
public sealed class Counters
{
    private readonly SortedDictionary<string, long> values;

    public Counters() => values = new(StringComparer.Ordinal);

    private Counters(SortedDictionary<string, long> values) => this.values = values;

    public long this[string name] => values.GetValueOrDefault(name);

    public IEnumerable<KeyValuePair<string, long>> All => values;

    public bool IsEmpty => values.Values.All(v => v == 0);

    public Counters Add(string name, long amount)
    {
        if (amount == 0) return this;
        var sum = values.GetValueOrDefault(name) + amount;
        if (sum == 0) values.Remove(name); else values[name] = sum;
        return this;
    }

    public Counters Add(Counters other, int sign = 1)
    {
        foreach (var (name, value) in other.values) Add(name, sign * value);
        return this;
    }

    public static Counters Sum(IEnumerable<Counters> all) => all.Aggregate(new Counters(), (acc, c) => acc.Add(c));

    public Counters Clone() => new(new SortedDictionary<string, long>(values, StringComparer.Ordinal));

    /// <summary>Counters whose names start with <paramref name="prefix"/>, with the prefix taken off.</summary>
    public IReadOnlyDictionary<string, long> WithPrefix(string prefix) =>
        values.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    public string ToJson() => JsonSerializer.Serialize(values);

    public static Counters FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new() : new(new SortedDictionary<string, long>(JsonSerializer.Deserialize<Dictionary<string, long>>(json)!, StringComparer.Ordinal));
}
