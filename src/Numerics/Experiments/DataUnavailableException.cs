namespace ImplicitReg.Numerics.Experiments;

/// <summary>An experiment's input data is missing or malformed (the message names the path and what is wrong).</summary>
public sealed class DataUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
