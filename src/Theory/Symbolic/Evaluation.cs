using LinqExpression = System.Linq.Expressions.Expression;
using ParameterExpression = System.Linq.Expressions.ParameterExpression;

namespace ImplicitReg.Theory.Symbolic;

/// <summary>Raised when an expression cannot be evaluated with the given binding; names the symbol.</summary>
public sealed class EvaluationException(string message) : Exception(message);

/// <summary>
/// Numeric evaluation in float64, by tree walk (<see cref="Evaluate"/>) or compiled to a delegate through
/// System.Linq.Expressions (<see cref="Compile"/>). Powers use exact repeated multiplication for small
/// integer exponents and Math.Sqrt for 1/2, so both paths give bit-identical results.
/// </summary>
public static class Evaluation
{
    public static double Evaluate(Expr e, IReadOnlyDictionary<Symbol, double> binding) => e switch
    {
        Number n => n.Value.ToDouble(),
        Symbol s => binding.TryGetValue(s, out var v) ? v : throw new EvaluationException($"No value given for symbol '{s.Name}'."),
        Sum s => s.Terms.Aggregate(0.0, (acc, t) => acc + Evaluate(t, binding)),
        Product p => p.Factors.Aggregate(1.0, (acc, f) => acc * Evaluate(f, binding)),
        Power p => p.Exponent is Number { Value: var q }
            ? Kernels.PowRational(Evaluate(p.Base, binding), q.ToDouble(), q.IsInteger && BigIntFits(q), q == Rational.Half)
            : Math.Pow(Evaluate(p.Base, binding), Evaluate(p.Exponent, binding)),
        Function f => Kernels.Apply(f.Kind, Evaluate(f.Argument, binding)),
        _ => throw new InvalidOperationException($"Unknown node {e.GetType().Name}."),
    };

    public static double Evaluate(Expr e, params (Symbol Symbol, double Value)[] binding) =>
        Evaluate(e, binding.ToDictionary(b => b.Symbol, b => b.Value));

    /// <summary>
    /// Compiles e to f(values) with values[i] the value of <paramref name="parameters"/>[i]. Every symbol of e
    /// must be among the parameters.
    /// </summary>
    public static Func<double[], double> Compile(Expr e, IReadOnlyList<Symbol> parameters)
    {
        var index = new Dictionary<Symbol, int>();
        for (int i = 0; i < parameters.Count; i++)
            if (!index.TryAdd(parameters[i], i)) throw new ArgumentException($"Parameter '{parameters[i].Name}' is listed twice.", nameof(parameters));
        foreach (var s in e.Symbols())
            if (!index.ContainsKey(s)) throw new EvaluationException($"Symbol '{s.Name}' is not among the compiled parameters ({string.Join(", ", parameters.Select(p => p.Name))}).");

        var values = LinqExpression.Parameter(typeof(double[]), "values");
        var body = Build(e, values, index);
        return LinqExpression.Lambda<Func<double[], double>>(body, values).Compile();
    }

    private static LinqExpression Build(Expr e, ParameterExpression values, Dictionary<Symbol, int> index)
    {
        switch (e)
        {
            case Number n:
                return LinqExpression.Constant(n.Value.ToDouble());
            case Symbol s:
                return LinqExpression.ArrayIndex(values, LinqExpression.Constant(index[s]));
            case Sum s:
                return s.Terms.Skip(1).Aggregate(Build(s.Terms[0], values, index), (acc, t) => LinqExpression.Add(acc, Build(t, values, index)));
            case Product p:
                return p.Factors.Skip(1).Aggregate(Build(p.Factors[0], values, index), (acc, f) => LinqExpression.Multiply(acc, Build(f, values, index)));
            case Power p:
                {
                    var b = Build(p.Base, values, index);
                    if (p.Exponent is Number { Value: var q })
                        return LinqExpression.Call(typeof(Kernels).GetMethod(nameof(Kernels.PowRational))!, b,
                            LinqExpression.Constant(q.ToDouble()), LinqExpression.Constant(q.IsInteger && BigIntFits(q)), LinqExpression.Constant(q == Rational.Half));
                    return LinqExpression.Call(typeof(Math).GetMethod(nameof(Math.Pow))!, b, Build(p.Exponent, values, index));
                }
            case Function f:
                return LinqExpression.Call(typeof(Kernels).GetMethod(nameof(Kernels.Apply))!, LinqExpression.Constant(f.Kind), Build(f.Argument, values, index));
            default:
                throw new InvalidOperationException($"Unknown node {e.GetType().Name}.");
        }
    }

    private static bool BigIntFits(Rational q) => q.Numerator >= -64 && q.Numerator <= 64;

    /// <summary>The float64 primitives shared by the tree walk and the compiled delegate.</summary>
    public static class Kernels
    {
        public static double PowRational(double b, double q, bool smallInteger, bool half)
        {
            if (half) return Math.Sqrt(b);
            if (!smallInteger) return Math.Pow(b, q);
            int n = (int)q;
            double r = 1, x = n < 0 ? 1 / b : b;
            for (int k = Math.Abs(n); k > 0; k >>= 1, x *= x) if ((k & 1) == 1) r *= x;
            return r;
        }

        public static double Apply(FunctionKind kind, double x) => kind switch
        {
            FunctionKind.Exp => Math.Exp(x),
            FunctionKind.Log => Math.Log(x),
            FunctionKind.Abs => Math.Abs(x),
            FunctionKind.Sign => double.IsNaN(x) ? double.NaN : Math.Sign(x),
            FunctionKind.Sin => Math.Sin(x),
            FunctionKind.Cos => Math.Cos(x),
            FunctionKind.Tan => Math.Tan(x),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
