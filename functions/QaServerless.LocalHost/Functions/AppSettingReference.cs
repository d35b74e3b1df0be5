namespace QaServerless.LocalHost.Functions;

/// <summary>
/// A binding property written <c>%Name%</c> names an app setting, resolved as the Functions host resolves it (queue
/// names, timer schedules). Anything else is the value itself.
/// </summary>
public static class AppSettingReference
{
    public static string Resolve(string value, Func<string, string?>? settings, string what) =>
        value.Length > 2 && value[0] == '%' && value[^1] == '%'
            ? settings?.Invoke(value[1..^1]) ?? throw new FormatException($"{what} refers to the app setting '{value[1..^1]}', which is not set.")
            : value;
}
