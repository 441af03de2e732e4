#!/usr/bin/python3
"""Straightforward PyTorch CPU float64 reference for the `implicitreg bench` workloads E1-E4.

One full-batch gradient-descent step = forward (end tensor), mean squared loss on the observed entries,
autograd backward, in-place parameter update. Sizes as in the Numerics issue:
  E1 deep MF completion 100x100, rank-5 target, 2000 observations, depth 3
  E2 CP completion, order 4, dims 10, R = 1000
  E3 HTF completion, order 4, dims 8, binary tree, widths 512
  E4 the 2x2 completion of RC20, depth 3
Usage: torch_reference.py E1|E2|E3|E4 [--seconds S] [--threads T]; prints one JSON line.
"""
import argparse, json, time
import torch

torch.set_default_dtype(torch.float64)


def problem(eid, g):
    if eid == "E1":
        d, obs = 100, 2000
        ws = [torch.randn(d, d, generator=g) * 1e-2 for _ in range(3)]
        target = torch.randn(d, 5, generator=g) @ torch.randn(5, d, generator=g)
        idx = torch.randperm(d * d, generator=g)[:obs]
        def end(p):
            return (p[2] @ p[1] @ p[0]).reshape(-1)
        return ws, end, idx, target.reshape(-1)[idx]
    if eid == "E2":
        n, d, r, obs = 4, 10, 1000, 2000
        ws = [torch.randn(r, d, generator=g) * 1e-2 for _ in range(n)]
        idx = torch.randperm(d ** n, generator=g)[:obs]
        y = torch.randn(obs, generator=g)
        def end(p):
            return torch.einsum('ri,rj,rk,rl->ijkl', p[0], p[1], p[2], p[3]).reshape(-1)
        return ws, end, idx, y
    if eid == "E3":
        d, r, obs = 8, 512, 2048
        leaves = [torch.randn(d, r, generator=g) * 1e-2 for _ in range(4)]
        a = torch.randn(r, r, generator=g) * 1e-2
        b = torch.randn(r, r, generator=g) * 1e-2
        o = torch.randn(r, 1, generator=g) * 1e-2
        idx = torch.randperm(d ** 4, generator=g)[:obs]
        y = torch.randn(obs, generator=g)
        def end(p):
            w1, w2, w3, w4, a, b, o = p
            t12 = torch.einsum('ir,jr,rs->ijs', w1, w2, a)
            t34 = torch.einsum('kr,lr,rs->kls', w3, w4, b)
            return torch.einsum('ijs,kls,s->ijkl', t12, t34, o[:, 0]).reshape(-1)
        return leaves + [a, b, o], end, idx, y
    if eid == "E4":
        ws = [torch.randn(2, 2, generator=g) * 0.5 for _ in range(3)]
        idx = torch.tensor([1, 2, 3])
        y = torch.tensor([1.0, 1.0, 0.0])
        def end(p):
            return (p[2] @ p[1] @ p[0]).reshape(-1)
        return ws, end, idx, y
    raise SystemExit(f"unknown experiment {eid}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eid")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(0)
    params, end, idx, y = problem(a.eid, g)
    for p in params:
        p.requires_grad_(True)
    lr = 1e-3

    def step():
        loss = ((end(params)[idx] - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None

    for _ in range(3):
        step()
    steps, t0 = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        el = time.perf_counter() - t0
        if el >= a.seconds and steps >= 5:
            break
    print(json.dumps({"id": a.eid, "steps": steps, "seconds": el, "steps_per_second": steps / el,
                      "threads": torch.get_num_threads(), "torch": torch.__version__}))


if __name__ == "__main__":
    main()
