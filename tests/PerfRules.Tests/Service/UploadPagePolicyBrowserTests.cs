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
        await _browser.EvaluateAsync("""
            window.__ran = [];
            document.body.insertAdjacentHTML('beforeend', '<img src="/no-such-image" onerror="window.__ran.push(\'handler\')">');
            var s = document.createElement('script'); s.textContent = "window.__ran.push('inline')"; document.body.appendChild(s);
            true
            """);
        await _browser.WaitForAsync("document.querySelector('img[src=\"/no-such-image\"]') !== null");
        await Task.Delay(500); // the image error fires (and is refused) asynchronously
        (await _browser.EvaluateAsync<int>("window.__ran.length")).ShouldBe(0);
        _browser.ConsoleErrors.ShouldContain(e => e.Contains("Content Security Policy"));
    }
}
