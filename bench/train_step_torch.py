#!/usr/bin/python3
"""Side by side: one BIMT training step in PyTorch and in gyrus.

The same computation as bench/train_step_bench.cpp: a leaky ReLU RNN with
N = 400 (20 x 20 grid), B = 64, T = 100, cog20 sizes (85 in, 33 out), recurrent
noise, sigmoid readout, masked squared error, the BIMT penalty
lambda * sum |w| (d + A) on W_in, W_rec, W_out, backward and an Adam update.

    bench/train_step_torch.py --gyrus-bench build/default/bench/gyrus_train_bench

Needs Debian's python3-torch; exits 0 with a message when it is absent.
"""
import argparse
import json
import subprocess
import sys
import time

try:
    import torch
except ImportError:
    print("train_step_torch.py: PyTorch is not installed (apt install python3-torch); nothing to compare")
    sys.exit(0)

N, B, T, N_IN, N_OUT = 400, 64, 100, 85, 33
ALPHA, SIGMA_REC, LAMBDA, A = 0.2, 0.05, 1e-4, 0.5


def grid_distances():
    side = 20
    coords = torch.linspace(1 / (2 * side), 1 - 1 / (2 * side), side)
    ys, xs = torch.meshgrid(coords, coords, indexing="ij")
    hidden = torch.stack([xs.flatten(), ys.flatten()], 1)
    inputs = torch.stack([torch.linspace(0, 1, N_IN), torch.full((N_IN,), -0.5 / side)], 1)
    outputs = torch.stack([torch.linspace(0, 1, N_OUT), torch.full((N_OUT,), 1 + 0.5 / side)], 1)
    manhattan = lambda a, b: (a[:, None, :] - b[None, :, :]).abs().sum(-1)
    return manhattan(hidden, inputs), manhattan(hidden, hidden), manhattan(outputs, hidden)


def torch_step_seconds(threads, repeats):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    w_in = (torch.randn(N, N_IN) / N_IN ** 0.5).requires_grad_()
    w_rec = (0.5 * torch.linalg.qr(torch.randn(N, N))[0]).requires_grad_()
    b = torch.zeros(N, requires_grad=True)
    w_out = (torch.rand(N_OUT, N) * 0.2 - 0.1).requires_grad_()
    b_out = torch.zeros(N_OUT, requires_grad=True)
    params = [w_in, w_rec, b, w_out, b_out]
    opt = torch.optim.Adam(params, lr=1e-3)
    d_in, d_rec, d_out = grid_distances()
    x = torch.rand(T, B, N_IN)
    y_target = torch.rand(T, B, N_OUT) * 0.8 + 0.05
    mask = torch.ones(T, B, N_OUT)

    def step():
        opt.zero_grad()
        h = torch.zeros(B, N)
        outputs = []
        noise_scale = (2 / ALPHA) ** 0.5 * SIGMA_REC
        for t in range(T):
            pre = h @ w_rec.T + x[t] @ w_in.T + b + noise_scale * torch.randn(B, N)
            h = (1 - ALPHA) * h + ALPHA * torch.relu(pre)
            outputs.append(torch.sigmoid(h @ w_out.T + b_out))
        y = torch.stack(outputs)
        loss = (((y - y_target) * mask) ** 2).mean()
        reg = LAMBDA * ((w_in.abs() * (d_in + A)).sum() + (w_rec.abs() * (d_rec + A)).sum()
                        + (w_out.abs() * (d_out + A)).sum())
        (loss + reg).backward()
        for p in params:
            p.grad.clamp_(-1, 1)
        opt.step()

    step()  # warm-up
    start = time.perf_counter()
    for _ in range(repeats):
        step()
    return (time.perf_counter() - start) / repeats


def gyrus_step_seconds(bench, threads):
    out = subprocess.run([bench, f"--benchmark_filter=BM_TrainStep/{threads}/", "--benchmark_format=json",
                          "--benchmark_min_time=2"], capture_output=True, text=True, check=True).stdout
    result = json.loads(out)["benchmarks"][0]
    scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[result["time_unit"]]
    return result["real_time"] * scale


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gyrus-bench", required=True, help="path of the gyrus_train_bench binary")
    parser.add_argument("--threads", type=int, default=1, help="threads for both sides")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    t_torch = torch_step_seconds(args.threads, args.repeats)
    t_gyrus = gyrus_step_seconds(args.gyrus_bench, args.threads)
    print(f"PyTorch {torch.__version__}: {t_torch * 1e3:8.1f} ms per step ({args.threads} thread(s))")
    print(f"gyrus:          {t_gyrus * 1e3:8.1f} ms per step ({args.threads} thread(s))")
    print(f"gyrus is {t_torch / t_gyrus:.1f}x faster")


if __name__ == "__main__":
    main()
