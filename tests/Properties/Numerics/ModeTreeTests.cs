using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ImplicitReg.Numerics.Models;
using ImplicitReg.Numerics.Quantities;
using ImplicitReg.Numerics.Tensors;

namespace ImplicitReg.Properties.Numerics;

/// <summary>Mode trees (theory.md §6.1): shapes of the standard trees, parsing, and the tree invariants.</summary>
[Properties(MaxTest = 100, Replay = Seeds.Replay)]
public class ModeTreeTests
{
    [Theory]
    [InlineData(1, "0", "0")]
    [InlineData(2, "(0,1)", "(0,1)")]
    [InlineData(3, "((0,1),2)", "((0,1),2)")]
    [InlineData(4, "((0,1),(2,3))", "((0,1),(2,3))")]
    [InlineData(5, "(((0,1),(2,3)),4)", "(((0,1),2),(3,4))")]
    [InlineData(8, "(((0,1),(2,3)),((4,5),(6,7)))", "(((0,1),(2,3)),((4,5),(6,7)))")]
    public void StandardTreesHaveTheDocumentedShape(int order, string checkerboard, string balanced)
    {
        Assert.Equal(checkerboard, ModeTree.Checkerboard(order).ToString());
        Assert.Equal(balanced, ModeTree.Balanced(order).ToString());
    }

    [Theory]
    [InlineData(1, "0")]
    [InlineData(2, "(0,1)")]
    [InlineData(3, "((0,1),(2))")]
    [InlineData(4, "((0,1),(2,3))")]
    [InlineData(5, "(((0,1),(2,3)),((4)))")]
    public void OfficialLayersPoolAnOddNodeOutAloneAsTheCodeDoes(int order, string nested)
    {
        var tree = ModeTree.OfficialLayers(order);
        Assert.Equal(nested, tree.ToString());
        Assert.Equal(nested, ModeTree.FromNested(nested).ToString());
        Assert.Equal(tree.NodeCount, Enumerable.Range(0, tree.NodeCount).Select(tree.Label).Distinct().Count());
    }

    [Fact]
    public void AOneChildLinkIsNamedWithAPrimeAndHasKTwo()
    {
        var tree = ModeTree.OfficialLayers(3);
        Assert.Equal(["{0}", "{1}", "{2}", "{0,1}", "{2}'", "{0,1,2}"], Enumerable.Range(0, tree.NodeCount).Select(tree.Label));
        Assert.Equal(2, tree.K(4));
        Assert.Equal(2, tree.Find([2]));   // the lowest node with those modes: the leaf
        var model = new HierarchicalTensorFactorization(tree, [16, 16, 16], 512);
        Assert.Equal([16, 512], model.Layout["W{2}"].Shape);   // the code's layer-0 factor
        Assert.Equal([512, 512], model.Layout["W{2}'"].Shape);  // its layer-1 factor for the pool of size 1
        Assert.Equal("{4}''", ModeTree.OfficialLayers(5).Label(ModeTree.OfficialLayers(5).Parent(ModeTree.OfficialLayers(5).Parent(4))));
    }

    [Fact]
    public void CheckerboardOrderFourHasThePaperNodes()
    {
        var tree = ModeTree.Checkerboard(4);
        Assert.Equal([4, 5, 6], tree.InteriorNodes);
        Assert.Equal("{0,1}", tree.Label(4));
        Assert.Equal("{2,3}", tree.Label(5));
        Assert.Equal(6, tree.Root);
        Assert.Equal(3, tree.K(6));
        Assert.Equal(4, tree.Parent(0));
        Assert.Equal(-1, tree.Parent(6));
        Assert.Equal(5, tree.Find([3, 2]));
        Assert.Equal(-1, tree.Find([0, 2]));
        var model = HierarchicalTensorFactorization.Checkerboard(4, 8, 512);
        Assert.Equal(["W{0}", "W{1}", "W{2}", "W{3}", "W{0,1}", "W{2,3}", "W{0,1,2,3}"], model.Layout.Factors.Select(f => f.Name));
        Assert.Equal([512, 1], model.Layout["W{0,1,2,3}"].Shape);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("()", "expected a mode number")]
    [InlineData("(0,1", "expected ',' or ')'")]
    [InlineData("(0,1))", "unexpected ')'")]
    [InlineData("(0,a)", "expected a mode number")]
    [InlineData("(0,2)", "mode 1 is missing")]
    [InlineData("(0,1,1)", "mode 1 appears more than once")]
    public void MalformedNestedDescriptionsAreRejectedWithAReason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ModeTree.FromNested(text));
        Assert.Contains(reason, error.Message);
    }

    [Property]
    public Property TreesPartitionTheirModesAndRoundTripThroughNested() =>
        Prop.ForAll(HtfArbitraries.Tree(1, 7).ToArbitrary(), tree =>
        {
            bool ok = tree.Modes(tree.Root).SequenceEqual(Enumerable.Range(0, tree.Order));
            foreach (int v in tree.InteriorNodes)
            {
                var union = tree.Children(v).SelectMany(tree.Modes).ToList();
                // ≥ 2 children, or one (a link of ModeTree.OfficialLayers, repeating its child's modes).
                ok &= tree.Children(v).Count >= 1 && union.Count == tree.Modes(v).Count && union.Order().SequenceEqual(tree.Modes(v));
                ok &= tree.Children(v).All(ch => ch < v && tree.Parent(ch) == v);
            }
            ok &= ModeTree.FromNested(tree.ToString()).ToString() == tree.ToString();
            return ok.Label(tree.ToString());
        });

    [Fact]
    public void MatricizationRowsAreTheNodeModesInIncreasingOrder()
    {
        var shape = new TensorShape(2, 3, 4);
        var tensor = Enumerable.Range(0, shape.Size).Select(i => (double)i).ToArray();
        var m = new double[shape.Size];
        Matricization.Unfold(shape, tensor, [2, 0], m);   // rows (i0, i2), columns i1
        for (int i0 = 0; i0 < 2; i0++)
        for (int i1 = 0; i1 < 3; i1++)
        for (int i2 = 0; i2 < 4; i2++)
            Assert.Equal(tensor[(i0 * 3 + i1) * 4 + i2], m[(i0 * 4 + i2) * 3 + i1]);
        Assert.Equal(1.0, Matricization.EffectiveRank([3.0, 0.0]));
        Assert.Equal(2.0, Matricization.EffectiveRank([1.5, 1.5]), 12);
    }
}
