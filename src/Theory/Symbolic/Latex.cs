namespace ImplicitReg.Theory.Symbolic;

// Placeholder replaced by the LaTeX printer branch (helper-latex).
public static class Latex
{
    public static string Format(Expr e) => e.ToString();
}
