using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace QaServerless.Hosting;

/// <summary>
/// Every string a JSON body carries is checked as it is read, by <see cref="InputRules"/>: ids (members named
/// <c>…Id</c>, <c>…Ids</c>) at most 128 characters and fit for a storage key, other text at most a few thousand
/// characters, none with a lone surrogate. It hooks the serializer's contract (an after-read callback on each request
/// type) rather than a string converter, so the OpenAPI schemas generated from the same contract stay typed. A null
/// entry in any list is refused the same way (seen: <c>"items": [null]</c> answered 500).
/// </summary>
internal static class BodyStringChecks
{
    public static IJsonTypeInfoResolver AddTo(IJsonTypeInfoResolver? resolver) =>
        (resolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(AddChecks);

    private static void AddChecks(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        var members = info.Properties
            .Where(p => p.Get is not null && (p.PropertyType == typeof(string) || typeof(System.Collections.IEnumerable).IsAssignableFrom(p.PropertyType)))
            .Select(p => (p.Name, Get: p.Get!))
            .ToList();
        if (members.Count == 0) return;
        var before = info.OnDeserialized;
        info.OnDeserialized = value =>
        {
            before?.Invoke(value);
            foreach (var (name, get) in members)
            {
                switch (get(value))
                {
                    case string text:
                        Check(name, name, text);
                        break;
                    // A list's entries: strings checked as above; a null entry is refused wherever it is (no request
                    // means "nothing" by a null in a list, and code reading the list should not have to guard each entry).
                    case System.Collections.IEnumerable list:
                        var i = 0;
                        foreach (var item in list)
                        {
                            if (item is null) throw new BodyValueException($"{name}[{i}]", "An entry of this list is null: give a value or leave it out.");
                            if (item is string entry) Check($"{name}[{i}]", name, entry);
                            i++;
                        }
                        break;
                }
            }
        };
    }

    private static void Check(string member, string name, string value)
    {
        if (InputRules.Problem(name, value) is { } problem) throw new BodyValueException(member, problem);
    }
}

/// <summary>A body member refused by <see cref="BodyStringChecks"/>; the serializer adds the path of the object it is in.</summary>
public sealed class BodyValueException(string member, string message) : JsonException(message)
{
    public string Member { get; } = member;
}
