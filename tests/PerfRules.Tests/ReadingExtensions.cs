using PerfRules.Ingest;
using PerfRules.Model;
using PerfRules.Runs;

namespace PerfRules.Tests;

/// <summary>For tests of inputs that hold one table (text files): the reader and the linter give a list per input.</summary>
public static class ReadingExtensions
{
    /// <summary>The input's only document's model; fails the test when the input gave several.</summary>
    public static Submission One(this InputContents contents) => contents.Documents.ShouldHaveSingleItem().Submission;

    /// <summary>The input's only document's result; fails the test when the input gave several.</summary>
    public static DocumentResult One(this IReadOnlyList<DocumentResult> documents) => documents.ShouldHaveSingleItem();
}
