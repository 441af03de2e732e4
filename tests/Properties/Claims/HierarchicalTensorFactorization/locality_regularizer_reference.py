"""HTF-R reference: the official trainer's regularizer (RMC22 code, input_grad_change_regularization_trainer.py,
__compute_grad_change_reg and get_shuffle_patch_func), transcribed step by step in PyTorch for the network
f(x) = sum_r prod_n <w_r^n, x^n> (a CP tensor network; x has shape (B, N, D): N positions, D features).

stdin: JSON {"factors": [[[...D x R] per mode n]], "batch": [B][N][D], "patch_i": [...], "patch_j": [...]}
stdout: JSON {"value": R, "gradient": [flattened dR/dfactors, mode by mode, row-major D x R]}
"""
import json
import sys

import torch


def main():
    spec = json.load(sys.stdin)
    torch.set_default_dtype(torch.float64)
    factors = [torch.tensor(f, requires_grad=True) for f in spec["factors"]]
    x = torch.tensor(spec["batch"])
    patch_i, patch_j = spec["patch_i"], spec["patch_j"]

    def model(inputs):
        # f(x_b) = sum_r prod_n <w_r^n, x_b^n>
        prod = None
        for n, w in enumerate(factors):
            term = inputs[:, n, :] @ w  # (B, R)
            prod = term if prod is None else prod * term
        return prod.sum(dim=1)

    x.requires_grad = True
    y_pred = model(x)
    x_grad = torch.autograd.grad(y_pred.sum(), x, only_inputs=True, create_graph=True)[0]
    patch_grad = x_grad[:, patch_i, :].reshape(x.shape[0], -1)
    patch_grad = patch_grad / patch_grad.norm(dim=1, keepdim=True)

    shift_by_one_perm = torch.cat([torch.arange(1, x.shape[0]), torch.zeros(1, dtype=torch.long)])
    x_shuffled = x.detach().clone()
    x_shuffled[:, patch_j, :] = x_shuffled[shift_by_one_perm][:, patch_j, :]
    x_shuffled.requires_grad = True
    y_shuffled = model(x_shuffled)
    shuffled_grad = torch.autograd.grad(y_shuffled.sum(), x_shuffled, only_inputs=True, create_graph=True)[0]
    after = shuffled_grad[:, patch_i, :].reshape(x.shape[0], -1)
    after = after / after.norm(dim=1, keepdim=True)

    reg = torch.abs((patch_grad * after).sum(dim=1)).mean()
    reg.backward()
    gradient = torch.cat([w.grad.reshape(-1) for w in factors]).tolist()
    json.dump({"value": reg.item(), "gradient": gradient}, sys.stdout)


if __name__ == "__main__":
    main()
