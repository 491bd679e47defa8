namespace PerfRules.Corpus;

/// <summary>The layouts the generator writes, one per seed family.</summary>
public enum CorpusLayout { Inline, Tabular, Overall }

/// <summary>A row's figures: 总计 and the source columns (财政拨款, 其他资金); 财政专户拨款 stays empty.</summary>
public sealed class GenAmounts
{
    public decimal Total { get; set; }
    public decimal Fiscal { get; set; }
    public decimal Other { get; set; }

    public GenAmounts Copy() => new() { Total = Total, Fiscal = Fiscal, Other = Other };

    public static GenAmounts Sum(IEnumerable<GenAmounts> parts)
    {
        var s = new GenAmounts();
        foreach (var p in parts) { s.Total += p.Total; s.Fiscal += p.Fiscal; s.Other += p.Other; }
        return s;
    }
}

public sealed class GenIndicator
{
    public int Seq { get; set; }
    public int L1Code { get; set; }
    public string L1Name { get; set; } = "";
    public int L2Code { get; set; }
    public string L2Name { get; set; } = "";
    public string Name { get; set; } = "";
    public string Cycle { get; set; } = "";
    public string Annual { get; set; } = "";

    public static GenIndicator From(PoolIndicator p) => new()
    {
        L1Code = p.L1Code, L1Name = p.L1Name, L2Code = p.L2Code, L2Name = p.L2Name, Name = p.Name, Cycle = p.Cycle, Annual = p.Annual,
    };
}

public sealed class GenProject
{
    public string Name { get; set; } = "";
    public GenAmounts Amounts { get; set; } = new();
    public string Goal { get; set; } = "";
    public List<GenIndicator> Indicators { get; set; } = new();
}

public sealed class GenUnit
{
    public string Name { get; set; } = "";
    public GenAmounts Amounts { get; set; } = new();
    public List<GenProject> Projects { get; set; } = new();
}

/// <summary>The department-overall figures (部门整体): expenditure = income = budget levels unless an error says otherwise.</summary>
public sealed class GenOverall
{
    public decimal Basic { get; set; }
    public decimal ProjectSpending { get; set; }
    public decimal Fiscal { get; set; }
    public decimal OtherIncome { get; set; }
    public decimal Local { get; set; }
    public decimal Transfer { get; set; }
    public string Goals { get; set; } = "";
    public List<(string Name, string Content, decimal Funds, string Outcome)> Tasks { get; set; } = new();
    public List<GenIndicator> Indicators { get; set; } = new();
}

/// <summary>A document before it is written out in its layout.</summary>
public sealed class GenDocument
{
    public CorpusLayout Layout { get; set; }
    public string Department { get; set; } = "";
    public GenAmounts GrandTotal { get; set; } = new();
    public List<GenUnit> Units { get; set; } = new();
    public GenOverall? Overall { get; set; }
}

/// <summary>An error put into a document on purpose, and where the linter must report it.</summary>
public sealed record InjectedError
{
    /// <summary>The rule the error must trip.</summary>
    public required string RuleId { get; init; }
    /// <summary>Rules the same change trips as a consequence (e.g. a source column also breaks the unit's column sum).</summary>
    public IReadOnlyList<string> AlsoTrips { get; init; } = Array.Empty<string>();
    public string? Unit { get; init; }
    public string? Project { get; init; }
    public int? IndicatorSeq { get; init; }
    /// <summary>The indicator's name (三级指标), for indicator errors.</summary>
    public string? Indicator { get; init; }
    public required string Description { get; init; }
}

/// <summary>One generated document: file name, layout, the text and the errors injected into it.</summary>
public sealed record GeneratedDocument(string File, CorpusLayout Layout, string Department, string Text, IReadOnlyList<InjectedError> Errors);

/// <summary>The manifest written beside a corpus (manifest.json).</summary>
public sealed record CorpusManifest
{
    public int Seed { get; init; }
    public int Count { get; init; }
    public double ErrorRate { get; init; }
    public string Generator { get; init; } = "perfrules-corpus 1";
    public List<ManifestDocument> Documents { get; init; } = new();
}

public sealed record ManifestDocument
{
    public required string File { get; init; }
    public required string Layout { get; init; }
    public required string Department { get; init; }
    public int Bytes { get; init; }
    public List<InjectedError> Errors { get; init; } = new();
}
