namespace PerfRules.Files;

/// <summary>What kind of thing a path names, without opening it (opening a FIFO blocks, /dev/zero never ends).</summary>
public enum FileKind { Regular, Directory, Fifo, CharDevice, BlockDevice, Socket, Missing, LinkLoop, Unknown }
