namespace Pxe.Initcpio;

/// <summary>What an extraction did.</summary>
/// <param name="Extracted">Entries written to disk.</param>
/// <param name="Skipped">Entries not written (device nodes without root).</param>
public readonly record struct CpioExtractResult(int Extracted, int Skipped);
