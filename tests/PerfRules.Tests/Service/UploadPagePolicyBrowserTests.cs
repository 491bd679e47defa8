using PerfRules.Tests.Browser;

namespace PerfRules.Tests.Service;

/// <summary>The Content-Security-Policy in force in a real headless Chromium: the page works, injected inline script does not run.</summary>
[NonParallelizable]
public class UploadPagePolicyBrowserTests
{
    private HeadlessChromium _browser = null!;

    [OneTimeSetUp]
    public async Task Launch() => _browser = await HeadlessChromium.LaunchAsync();

    [OneTimeTearDown]
    public async Task Close() => await _browser.DisposeAsync();

    [Test]
    public async Task The_page_loads_its_script_and_style_under_the_policy_and_blocks_injected_inline_script()
    {
        await _browser.NavigateAsync(SharedService.Instance.BaseAddress.AbsoluteUri);
        // app.js ran (it set up the page's API) and app.css applied: both are allowed as the page's own files.
        await _browser.WaitForAsync("typeof window.perfrules === 'object'");
        (await _browser.EvaluateAsync<string>("getComputedStyle(document.body).fontFamily")).ShouldContain("Noto Sans CJK SC");
        await _browser.WaitForAsync("document.getElementById('limits').textContent.length > 0"); // fetch to /healthz is allowed
        _browser.ConsoleErrors.ShouldBeEmpty();

        // Markup that slips into the page cannot run script: inline handlers and inline <script> are refused.
        // The listener added here (through the debugger, which CSP does not govern) runs after the inline
        // attribute handler, so once it has run the handler has had its chance: no fixed delay needed.
        await _browser.EvaluateAsync("""
            window.__ran = []; window.__errorSeen = false;
            var img = document.createElement('img');
            img.setAttribute('onerror', "window.__ran.push('handler')");
            img.addEventListener('error', function () { window.__errorSeen = true; });
            img.src = '/no-such-image';
            document.body.appendChild(img);
            var s = document.createElement('script'); s.textContent = "window.__ran.push('inline')"; document.body.appendChild(s);
            true
            """);
        await _browser.WaitForAsync("window.__errorSeen === true");
        (await _browser.EvaluateAsync<int>("window.__ran.length")).ShouldBe(0);
        await _browser.WaitForConsoleErrorsAsync(errors => errors.Count(e => e.Contains("Content Security Policy")) >= 2);
        _browser.ConsoleErrors.Count(e => e.Contains("Content Security Policy")).ShouldBeGreaterThanOrEqualTo(2, "both the handler and the inline script were refused");
    }
}
