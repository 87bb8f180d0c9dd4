namespace CxRox.Engine.Binding;

/// <summary>The type of an expression's value.</summary>
public enum ValueKind
{
    /// <summary>Could not be typed; a diagnostic has been reported, and no further one is raised about it.</summary>
    Error,
    Number,
    Boolean,
    Status,
}

public static class ValueKindText
{
    /// <summary>How a message names the type, e.g. "a condition (true/false)".</summary>
    public static string Describe(ValueKind kind) => kind switch
    {
        ValueKind.Number => "a number",
        ValueKind.Boolean => "a condition (true/false)",
        ValueKind.Status => "a status (green/amber/red)",
        ValueKind.Error => "invalid",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
