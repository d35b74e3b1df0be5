using Microsoft.Playwright;

namespace QaServerless.Tests.Browser;

/// <summary>
/// Drives a page with the keyboard only and counts what a person would do: each key press is one keystroke, each
/// typed character one keystroke; clicks are counted apart (the scripted flows use none where they claim "no mouse").
/// </summary>
public sealed class Keyboard(IPage page)
{
    public int Keystrokes { get; private set; }
    public int Clicks { get; private set; }

    public async Task PressAsync(string key, int times = 1)
    {
        for (var i = 0; i < times; i++) { await page.Keyboard.PressAsync(key); Keystrokes++; }
    }

    public async Task TypeAsync(string text)
    {
        await page.Keyboard.TypeAsync(text);
        Keystrokes += text.Length;
    }

    /// <summary>Tabs until the focused element matches <paramref name="selector"/> (at most 40 presses), counting them.</summary>
    public async Task TabToAsync(string selector, bool backwards = false)
    {
        for (var i = 0; i < 40; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
            await PressAsync(backwards ? "Shift+Tab" : "Tab");
        }
        throw new InvalidOperationException($"Tab never reached {selector}; focus is on {await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML?.slice(0, 120)")}");
    }

    public async Task ClickAsync(ILocator locator)
    {
        await locator.ClickAsync();
        Clicks++;
    }
}

/// <summary>Accessibility basics, checked in the page: every visible control has an accessible name.</summary>
public static class Accessibility
{
    private const string UnlabelledScript = """
        () => {
          const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) && !el.closest('[hidden]');
          const text = s => (s || '').replace(/\s+/g, ' ').trim();
          const name = el => text(el.getAttribute('aria-label'))
            || text((el.getAttribute('aria-labelledby') || '').split(/\s+/).map(id => document.getElementById(id)?.textContent).join(' '))
            || text([...(el.labels || [])].map(l => l.textContent).join(' '))
            || (['BUTTON', 'A', 'SUMMARY'].includes(el.tagName) || el.getAttribute('role') === 'button' ? text(el.textContent) : '')
            || text(el.getAttribute('title'));
          return [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button, a[href], [role=button], audio[controls]')]
            .filter(visible).filter(el => !name(el)).map(el => el.outerHTML.slice(0, 160));
        }
        """;

    public static async Task AssertEveryControlLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>(UnlabelledScript);
        Assert.True(unlabelled.Length == 0, $"Controls without an accessible name on {page.Url}:\n{string.Join("\n", unlabelled)}");
    }
}
