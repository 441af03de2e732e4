namespace ImplicitReg.Numerics.Data;

/// <summary>The image data sets of TF-E3 (theory.md §5.2): 60 000 training and 10 000 test images of 28×28 pixels, 10 classes.</summary>
public enum ImageCorpus
{
    /// <summary>MNIST digits (LeCun et al. 1998); data folder mnist/.</summary>
    Mnist,

    /// <summary>Fashion-MNIST (Xiao et al. 2017); data folder fashion-mnist/ (training images stored binarized).</summary>
    FashionMnist,
}
