using System.Runtime.InteropServices;

namespace PerfRules.Files;

/// <summary>
/// Classifies a path with Linux statx (its struct layout is the same on every architecture);
/// elsewhere, or if libc lacks it, everything that exists is taken as a regular file.
/// </summary>
public static class FileProbe
{
    private const int AtFdCwd = -100, StatxType = 1, ENOENT = 2, ENOTDIR = 20, ELOOP = 40;

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern unsafe int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte* buffer);

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>The kind of file a path names, following symbolic links.</summary>
    public static unsafe FileKind Kind(string path)
    {
        if (!_unavailable)
        {
            try
            {
                // On the stack: a batch probes every input, and a new array a file was garbage at once.
                var buf = stackalloc byte[256];
                if (Statx(AtFdCwd, path, 0, StatxType, buf) != 0)
                    return Marshal.GetLastPInvokeError() switch
                    {
                        ENOENT or ENOTDIR => FileKind.Missing,
                        ELOOP => FileKind.LinkLoop,
                        _ => FileKind.Unknown,
                    };
                var mode = *(ushort*)(buf + 28) & 0xF000; // native order, as BitConverter read it
                return mode switch
                {
                    0x8000 => FileKind.Regular,
                    0x4000 => FileKind.Directory,
                    0x1000 => FileKind.Fifo,
                    0x2000 => FileKind.CharDevice,
                    0x6000 => FileKind.BlockDevice,
                    0xC000 => FileKind.Socket,
                    _ => FileKind.Unknown,
                };
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                _unavailable = true;
            }
        }
        if (Directory.Exists(path)) return FileKind.Directory;
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>Chinese name of a kind that is not a regular file, for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Directory => "目录",
        FileKind.Fifo => "命名管道（FIFO）",
        FileKind.CharDevice => "字符设备",
        FileKind.BlockDevice => "块设备",
        FileKind.Socket => "套接字",
        FileKind.Missing => "不存在的文件",
        FileKind.LinkLoop => "循环的符号链接",
        _ => "特殊文件",
    };
}
