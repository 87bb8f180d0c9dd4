using System.Diagnostics.CodeAnalysis;

// "Pointer" is an RFC 6901 JSON pointer throughout the scorecard model and its diagnostics, the name
// the format's users know; CA1720 takes it for the unmanaged type name.
[assembly: SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Pointer is an RFC 6901 JSON pointer.", Scope = "namespaceanddescendants", Target = "~N:CxRox.Engine.Model")]
[assembly: SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "Pointer is an RFC 6901 JSON pointer.", Scope = "namespaceanddescendants", Target = "~N:CxRox.Engine.Validation")]
