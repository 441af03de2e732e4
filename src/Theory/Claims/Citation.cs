namespace ImplicitReg.Theory.Claims;

/// <summary>The papers of theory.md, with the short names used there.</summary>
public enum Paper
{
    /// <summary>Arora, Cohen, Hazan, ICML 2018 — end-to-end dynamics of deep linear networks.</summary>
    ACH18,
    /// <summary>Arora, Cohen, Hu, Luo, NeurIPS 2019 — implicit regularization in deep matrix factorization.</summary>
    ACHL19,
    /// <summary>Razin, Cohen, NeurIPS 2020 — implicit regularization may not be explainable by norms.</summary>
    RC20,
    /// <summary>Razin, Maman, Cohen, ICML 2021 — implicit regularization in tensor factorization.</summary>
    RMC21,
    /// <summary>Razin, Maman, Cohen, ICML 2022 — hierarchical tensor factorization and locality of CNNs.</summary>
    RMC22,
    /// <summary>Hariz, Kadri, Ayache, Moakher, Artières, ICML 2022 — polynomial growth in deep tensor factorization.</summary>
    HKAMA22,
    /// <summary>Hariz et al., AISTATS 2024 — deep Tucker factorization (official code Stef-hub/deeptuckerimplicit).</summary>
    H24,
}

/// <summary>theory.md §0's confidence tags: how the statement is known.</summary>
public enum Confidence
{
    /// <summary>[CODE] read in the official repository.</summary>
    Code,
    /// <summary>[BLOG] stated by the authors on offconvex.org.</summary>
    Blog,
    /// <summary>[DER+NUM] derived in theory.md and verified numerically or symbolically.</summary>
    DerivedAndVerified,
    /// <summary>[REC] recalled from the paper; numbering/constants to cross-check.</summary>
    Recalled,
    /// <summary>[REC+] recalled and corroborated by a secondary source.</summary>
    RecalledCorroborated,
    /// <summary>[INF] inferred.</summary>
    Inferred,
}

/// <summary>Where a claim comes from: paper, theorem/equation, and how sure theory.md is of it.</summary>
public sealed record Citation(Paper Paper, string Where, Confidence Confidence)
{
    public string Tag => Confidence switch
    {
        Confidence.Code => "[CODE]",
        Confidence.Blog => "[BLOG]",
        Confidence.DerivedAndVerified => "[DER+NUM]",
        Confidence.Recalled => "[REC]",
        Confidence.RecalledCorroborated => "[REC+]",
        _ => "[INF]",
    };

    public override string ToString() => $"{Paper} {Where} {Tag}";
}
