using ILGPU.Algorithms;

namespace ImplicitReg.Numerics.Gpu;

/// <summary>
/// The scalar arithmetic the kernels are generic over (ILGPU style: a struct type parameter whose instance methods
/// the compiler inlines, as ILGPU.Algorithms' reduction operations). Tensors on the device are stored and computed in
/// <typeparamref name="T"/>; the per-problem step bookkeeping (η, τ, GroupRMSprop's s, the loss) is float64 in every precision.
/// </summary>
public interface IDeviceArithmetic<T> where T : unmanaged
{
    T Zero();
    T Add(T a, T b);
    T Subtract(T a, T b);
    T Multiply(T a, T b);
    T Divide(T a, T b);
    T Sqrt(T a);
    T Abs(T a);
    bool Greater(T a, T b);
    T FromDouble(double x);
    double ToDouble(T x);
}

/// <summary>float64 tensors (the default precision).</summary>
public readonly struct Float64Arithmetic : IDeviceArithmetic<double>
{
    public double Zero() => 0;
    public double Add(double a, double b) => a + b;
    public double Subtract(double a, double b) => a - b;
    public double Multiply(double a, double b) => a * b;
    public double Divide(double a, double b) => a / b;
    public double Sqrt(double a) => XMath.Sqrt(a);
    public double Abs(double a) => XMath.Abs(a);
    public bool Greater(double a, double b) => a > b;
    public double FromDouble(double x) => x;
    public double ToDouble(double x) => x;
}

/// <summary>float32 tensors (looser agreement with the managed float64 path; see README "GPU backend").</summary>
public readonly struct Float32Arithmetic : IDeviceArithmetic<float>
{
    public float Zero() => 0;
    public float Add(float a, float b) => a + b;
    public float Subtract(float a, float b) => a - b;
    public float Multiply(float a, float b) => a * b;
    public float Divide(float a, float b) => a / b;
    public float Sqrt(float a) => XMath.Sqrt(a);
    public float Abs(float a) => XMath.Abs(a);
    public bool Greater(float a, float b) => a > b;
    public float FromDouble(double x) => (float)x;
    public double ToDouble(float x) => x;
}

/// <summary>Storage and compute precision of the device tensors.</summary>
public enum Precision
{
    Float64,
    Float32,
}
