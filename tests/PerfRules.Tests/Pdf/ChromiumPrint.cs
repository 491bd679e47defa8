using System.Diagnostics;

namespace PerfRules.Tests.Pdf;

/// <summary>Headless chromium's print-to-PDF and screenshot of an HTML file, from the command line.</summary>
public static class ChromiumPrint
{
    private static readonly string[] Common =
    {
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
    };

    public static string Executable => PerfRules.Tests.Browser.HeadlessChromium.FindExecutable()
        ?? throw new InvalidOperationException("chromium not found: run tests/tools/install-deps.sh");

    /// <summary>Prints the HTML to a PDF (no header or footer: a form, not a web page).</summary>
    public static void ToPdf(string html, string pdfPath) =>
        Run(html, "--no-pdf-header-footer", "--print-to-pdf=" + Path.GetFullPath(pdfPath));

    /// <summary>A PNG of the page as a scanner would see it (for the image-only PDF).</summary>
    public static void ToPng(string html, string pngPath, int width, int height) =>
        Run(html, $"--window-size={width},{height}", "--force-device-scale-factor=1", "--screenshot=" + Path.GetFullPath(pngPath));

    private static void Run(string html, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("perfrules-print-").FullName;
        try
        {
            var page = Path.Combine(dir, "form.html");
            File.WriteAllText(page, html);
            var info = new ProcessStartInfo(Executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in Common) info.ArgumentList.Add(a);
            info.ArgumentList.Add("--user-data-dir=" + Path.Combine(dir, "profile"));
            foreach (var a in extra) info.ArgumentList.Add(a);
            info.ArgumentList.Add(new Uri(page).AbsoluteUri);
            using var p = Process.Start(info)!;
            var stderr = p.StandardError.ReadToEndAsync();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium did not finish printing");
            }
            if (p.ExitCode != 0) throw new InvalidOperationException($"chromium exited {p.ExitCode}: {stderr.Result}");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
