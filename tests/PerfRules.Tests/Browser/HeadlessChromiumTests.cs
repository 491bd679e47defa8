namespace PerfRules.Tests.Browser;

/// <summary>The DevTools client itself: what other browser tests rely on.</summary>
[NonParallelizable]
public class HeadlessChromiumTests
{
    [Test]
    public async Task Opens_a_local_file_evaluates_script_and_collects_console_errors()
    {
        var page = Path.Combine(Path.GetTempPath(), $"perfrules-cdp-{Guid.NewGuid():N}.html");
        await File.WriteAllTextAsync(page, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
            <body><p id="t">绩效目标</p><input id="f" type="file">
            <script>
              document.getElementById('f').addEventListener('change', function (e) { document.body.dataset.picked = e.target.files[0].name; });
              console.log('not an error');
              console.error('boom', 42);
              setTimeout(function () { throw new Error('uncaught'); }, 0);
            </script></body></html>
            """);
        try
        {
            await using var browser = await HeadlessChromium.LaunchAsync();
            await browser.OpenFileAsync(page);
            (await browser.EvaluateAsync<string>("document.getElementById('t').textContent")).ShouldBe("绩效目标");
            (await browser.EvaluateAsync<int>("Promise.resolve(6 * 7)")).ShouldBe(42);
            await browser.SetFileInputAsync("#f", page);
            await browser.WaitForAsync("document.body.dataset.picked");
            (await browser.EvaluateAsync<string>("document.body.dataset.picked")).ShouldBe(Path.GetFileName(page));
            // The uncaught error comes from a timer: wait for it (and console.error's) to arrive.
            await browser.WaitForConsoleErrorsAsync(errors =>
                errors.Any(e => e.Contains("boom 42")) && errors.Any(e => e.Contains("uncaught")));
            browser.ConsoleErrors.ShouldContain(e => e.Contains("boom 42"));
            browser.ConsoleErrors.ShouldContain(e => e.Contains("uncaught"));
            browser.ConsoleErrors.ShouldNotContain(e => e.Contains("not an error"));
            Should.Throw<InvalidOperationException>(() => browser.EvaluateAsync("nosuchfunction()"));
        }
        finally { File.Delete(page); }
    }
}
