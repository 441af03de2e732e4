namespace ImplicitReg.Theory.Symbolic;

/// <summary>
/// What can be inferred about the value of an expression from the assumptions on its symbols.
/// Each predicate is sound but incomplete: "true" is a proof, "false" means "not proven".
/// </summary>
public static class Properties
{
    public static bool IsInteger(Expr e) => e switch
    {
        Number n => n.Value.IsInteger,
        Symbol s => s.IsInteger,
        Sum s => s.Terms.All(IsInteger),
        Product p => p.Factors.All(IsInteger),
        Power p => IsInteger(p.Base) && p.Exponent is Number { Value: { IsInteger: true, Sign: > 0 } },
        Function { Kind: FunctionKind.Sign } f => IsReal(f.Argument),
        Function { Kind: FunctionKind.Abs } f => IsInteger(f.Argument),
        _ => false,
    };

    public static bool IsEvenInteger(Expr e) => e is Number { Value.IsInteger: true } n && n.Value.Numerator.IsEven;

    public static bool IsReal(Expr e) => e switch
    {
        Number => true,
        Symbol s => s.IsReal,
        Sum s => s.Terms.All(IsReal),
        Product p => p.Factors.All(IsReal),
        Power p => (IsPositive(p.Base) && IsReal(p.Exponent))
                   || (IsReal(p.Base) && IsInteger(p.Exponent))
                   || (IsNonNegative(p.Base) && p.Exponent is Number { Value.Sign: > 0 }),
        Function f => f.Kind switch
        {
            FunctionKind.Abs => true,
            FunctionKind.Log => IsPositive(f.Argument),
            _ => IsReal(f.Argument),
        },
        _ => false,
    };

    public static bool IsPositive(Expr e) => e switch
    {
        Number n => n.Value.Sign > 0,
        Symbol s => s.IsPositive,
        Sum s => s.Terms.All(IsNonNegative) && s.Terms.Any(IsPositive),
        Product p => p.Factors.All(IsPositive) || (p.Factors.Count(IsNegative) % 2 == 0 && p.Factors.All(f => IsPositive(f) || IsNegative(f))),
        Power p => (IsPositive(p.Base) && IsReal(p.Exponent))
                   || (IsEvenInteger(p.Exponent) && IsReal(p.Base) && IsNonZero(p.Base)),
        Function { Kind: FunctionKind.Exp } f => IsReal(f.Argument),
        Function { Kind: FunctionKind.Abs } f => IsNonZero(f.Argument),
        _ => false,
    };

    public static bool IsNegative(Expr e) => e switch
    {
        Number n => n.Value.Sign < 0,
        Sum s => s.Terms.All(IsNonPositive) && s.Terms.Any(IsNegative),
        Product p => p.Factors.All(f => IsPositive(f) || IsNegative(f)) && p.Factors.Count(IsNegative) % 2 == 1,
        _ => false,
    };

    public static bool IsNonNegative(Expr e) => e switch
    {
        Number n => n.Value.Sign >= 0,
        Function { Kind: FunctionKind.Abs } => true,
        Sum s => s.Terms.All(IsNonNegative),
        Product p => p.Factors.All(IsNonNegative) || IsPositive(p),
        Power p => IsPositive(p)
                   || (IsEvenInteger(p.Exponent) && IsReal(p.Base))
                   || (IsNonNegative(p.Base) && p.Exponent is Number { Value.Sign: > 0 }),
        _ => IsPositive(e),
    };

    public static bool IsNonPositive(Expr e) => e switch
    {
        Number n => n.Value.Sign <= 0,
        Product p => IsNegative(p) || (p.Coefficient.Sign < 0 && p.Factors.Skip(1).All(IsNonNegative)),
        Sum s => s.Terms.All(IsNonPositive),
        _ => IsNegative(e),
    };

    public static bool IsNonZero(Expr e) => e switch
    {
        Number n => !n.Value.IsZero,
        Product p => p.Factors.All(IsNonZero),
        Power p => IsNonZero(p.Base) && IsReal(p.Exponent),
        Function { Kind: FunctionKind.Exp } f => IsReal(f.Argument),
        _ => IsPositive(e) || IsNegative(e),
    };
}
