namespace ImplicitReg.Numerics.Data;

/// <summary>
/// The content of an unsigned-byte IDX file: its magic (0x0803 images, 0x0801 labels: type 0x08 in the third byte,
/// the number of dimensions in the fourth), the dimensions (big-endian in the file) and the data in C order.
/// </summary>
public sealed record IdxArray(string Path, int Magic, int[] Dims, byte[] Data)
{
    public override string ToString() => $"{Path}: IDX 0x{Magic:X4} [{string.Join("×", Dims)}]";
}
