#!/usr/bin/python3
"""Replays an `implicitreg simulate` run in PyTorch (float64) from the same files, step by step.

Reads OUT/summary.json (model and parameter layout), OUT/theta0.npy, OUT/target.npy and
OUT/train_indices.npy, rebuilds the factors from the layout, runs plain gradient descent on the mean
squared completion loss for --steps steps with --lr, and writes the final flat parameter vector to --save
(.npy). Supports deep MF (factors W1..WN, end = WN @ ... @ W1) and CP (factors W1..WN of shape R x D_n).
"""
import argparse, json
import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--save", required=True)
    a = ap.parse_args()
    summary = json.load(open(f"{a.run}/summary.json"))
    theta = np.load(f"{a.run}/theta0.npy")
    target = torch.from_numpy(np.load(f"{a.run}/target.npy")).reshape(-1)
    idx = torch.from_numpy(np.load(f"{a.run}/train_indices.npy"))
    layout = summary["parameters"]
    params = [torch.tensor(theta[p["offset"]:p["offset"] + int(np.prod(p["shape"]))].reshape(p["shape"]), requires_grad=True)
              for p in layout]
    model = summary["model"]
    end_shape = summary["end_shape"]

    def end():
        if model.startswith("deep MF"):
            w = params[0]
            for p in params[1:]:
                w = p @ w
            return w.reshape(-1)
        if model.startswith("CP"):
            letters = "abcdefghij"[:len(params)]
            expr = ",".join("r" + c for c in letters) + "->" + letters
            return torch.einsum(expr, *params).reshape(-1)
        raise SystemExit(f"unsupported model for replay: {model}")

    y = target[idx]
    for _ in range(a.steps):
        loss = ((end()[idx] - y) ** 2).mean()
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= a.lr * g
    flat = np.concatenate([p.detach().numpy().reshape(-1) for p in params])
    np.save(a.save, flat)
    print(json.dumps({"model": model, "end_shape": end_shape, "steps": a.steps, "loss": float(((end()[idx] - y) ** 2).mean())}))


if __name__ == "__main__":
    main()
