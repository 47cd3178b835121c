#!/usr/bin/python3
"""The reference for bench/train-keypoints.sh: Framewise's stacked hourglass network in PyTorch, trained on tensors
held in memory, printing steps/s as one JSON line.

The same network as io.framewise.common.model.keypoints.HourglassNetwork (Newell, Yang and Deng 2016), layer for
layer as its javadoc describes it, with F features:
  Residual(in, out)  pre-activation bottleneck: BN, ReLU, 1x1 conv to out/2, BN, ReLU, 3x3 conv, BN, ReLU,
                     1x1 conv to out; plus the input (a 1x1 conv when in != out); every convolution has a bias
  stem               7x7 conv stride 2 to F/4, BN, ReLU, Residual(F/4, F/2), 2x2 max pool, Residual(F/2, F/2),
                     Residual(F/2, F): the input at a quarter of its size
  Hourglass(n)       Residual(F, F) on the input, plus: 2x2 max pool, Residual, Hourglass(n - 1) (a Residual at
                     n = 1), Residual, nearest 2x upsampling
  each stack         Hourglass(depth), Residual, 1x1 conv + BN + ReLU, 1x1 conv to one heatmap per part; between
                     stacks the next input is x + conv1x1(features) + conv1x1(heatmaps)
The same loss as PoseTraining: the mean squared error of every stack's heatmaps against the targets, summed over
the stacks. Adam (lr 0.00025, PoseTraining's default), BatchNorm in training mode, He-initialized convolutions,
batch 4 at 256x256, 2 stacks, depth 4, 256 features, 4 parts (the generated PoseScenes dataset's),
torch.set_num_threads(2).

Each step stacks 4 of a pool of pre-made samples (normalized noise images and Gaussian heatmap targets) into a
batch, as a data loader's collate would, reads every loss term back as a Python float (as Framewise's step does),
then backward and the optimizer step. Warm-up steps are excluded from the timing.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/hourglass_torch.py [--warmup 5] [--iterations 30]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv(cin, cout, kernel, stride=1, padding=0):
    return nn.Conv2d(cin, cout, kernel, stride, padding, bias=True)


class Residual(nn.Module):
    """The pre-activation bottleneck residual module."""

    def __init__(self, cin, cout):
        super().__init__()
        mid = cout // 2
        self.main = nn.Sequential(
            nn.BatchNorm2d(cin), nn.ReLU(), conv(cin, mid, 1),
            nn.BatchNorm2d(mid), nn.ReLU(), conv(mid, mid, 3, 1, 1),
            nn.BatchNorm2d(mid), nn.ReLU(), conv(mid, cout, 1))
        self.skip = None if cin == cout else conv(cin, cout, 1)

    def forward(self, x):
        return self.main(x) + (x if self.skip is None else self.skip(x))


class Hourglass(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.up = Residual(width, width)
        self.low = nn.Sequential(
            nn.MaxPool2d(2, 2),
            Residual(width, width),
            Hourglass(depth - 1, width) if depth > 1 else Residual(width, width),
            Residual(width, width),
            nn.Upsample(scale_factor=2, mode="nearest"))

    def forward(self, x):
        return self.up(x) + self.low(x)


class HourglassNetwork(nn.Module):
    def __init__(self, stacks, depth, width, parts):
        super().__init__()
        self.stacks = stacks
        self.stem = nn.Sequential(
            conv(3, width // 4, 7, 2, 3), nn.BatchNorm2d(width // 4), nn.ReLU(),
            Residual(width // 4, width // 2),
            nn.MaxPool2d(2, 2),
            Residual(width // 2, width // 2),
            Residual(width // 2, width))
        self.hourglasses = nn.ModuleList(Hourglass(depth, width) for _ in range(stacks))
        self.features = nn.ModuleList(
            nn.Sequential(Residual(width, width), conv(width, width, 1), nn.BatchNorm2d(width), nn.ReLU())
            for _ in range(stacks))
        self.heads = nn.ModuleList(conv(width, parts, 1) for _ in range(stacks))
        self.merge_features = nn.ModuleList(conv(width, width, 1) for _ in range(stacks - 1))
        self.merge_heatmaps = nn.ModuleList(conv(parts, width, 1) for _ in range(stacks - 1))
        for m in self.modules():
            if isinstance(m, nn.Conv2d):  # He (Xavier gaussian, fan in, magnitude 2), as StackedHourglass
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")

    def forward(self, x):
        x = self.stem(x)
        out = []
        for s in range(self.stacks):
            f = self.features[s](self.hourglasses[s](x))
            heat = self.heads[s](f)
            out.append(heat)
            if s < self.stacks - 1:
                x = x + self.merge_features[s](f) + self.merge_heatmaps[s](heat)
        return out


def make_samples(count, size, parts, generator):
    """Normalized noise images and one Gaussian heatmap per part (sigma 2 heatmap pixels, peak 1) at a random spot."""
    heat = size // 4
    ys = torch.arange(heat, dtype=torch.float32).view(heat, 1)
    xs = torch.arange(heat, dtype=torch.float32).view(1, heat)
    samples = []
    for _ in range(count):
        pixels = torch.randn(3, size, size, generator=generator)
        centres = torch.rand(parts, 2, generator=generator) * heat
        targets = torch.stack([torch.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * 2.0 ** 2))
                               for cx, cy in centres.tolist()])
        samples.append((pixels, targets))
    return samples


def machine_cpu():
    """Busy CPU seconds of the whole machine so far, from /proc/stat (user to steal, in 1/100 s)."""
    try:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:9]]
        return (sum(fields) - fields[3] - fields[4]) / 100.0
    except (OSError, ValueError):
        return float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--iterations", type=int, default=30)
    p.add_argument("--batch", type=int, default=4)
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--stacks", type=int, default=2)
    p.add_argument("--depth", type=int, default=4)
    p.add_argument("--features", type=int, default=256)
    p.add_argument("--parts", type=int, default=4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--distinct", type=int, default=16)
    p.add_argument("--learning-rate", type=float, default=0.00025)
    p.add_argument("--count-only", action="store_true", help="print the parameter counts and exit")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = HourglassNetwork(a.stacks, a.depth, a.features, a.parts)
    # Trainable parameters (what Adam updates) and BatchNorm's running statistics (buffers in PyTorch; DJL keeps
    # them among the block's parameters, without gradients).
    parameters = sum(t.numel() for t in model.parameters())
    running = sum(t.numel() for name, t in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    if a.count_only:
        print(json.dumps({"parameters": parameters, "running_statistics": running}))
        return
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=a.learning_rate)
    samples = make_samples(a.distinct, a.size, a.parts, torch.Generator().manual_seed(1))

    def step(i):
        batch = [samples[(i * a.batch + k) % len(samples)] for k in range(a.batch)]
        x, target = (torch.stack(t) for t in zip(*batch))
        optimizer.zero_grad(set_to_none=True)
        stack_losses = [(heat - target).square().mean() for heat in model(x)]
        total = sum(stack_losses)
        losses = {f"stack{s + 1}": v.item() for s, v in enumerate(stack_losses)}
        losses["total"] = total.item()
        total.backward()
        optimizer.step()
        return losses["total"]

    first = step(0)
    for i in range(1, a.warmup):
        step(i)
    times = []
    cpu0, machine0 = time.process_time(), machine_cpu()
    t0 = time.perf_counter()
    last = t0
    loss = first
    for i in range(a.warmup, a.warmup + a.iterations):
        loss = step(i)
        now = time.perf_counter()
        times.append(now - last)
        last = now
    seconds = last - t0
    cpu, machine = time.process_time() - cpu0, machine_cpu() - machine0
    times.sort()
    print(json.dumps({
        "mode": "pytorch", "steps_per_second": round(a.iterations / seconds, 4),
        "images_per_second": round(a.iterations * a.batch / seconds, 2), "seconds": round(seconds, 3),
        "warmup": a.warmup, "iterations": a.iterations, "batch": a.batch, "image_size": a.size,
        "stacks": a.stacks, "depth": a.depth, "features": a.features, "parts": a.parts,
        "intra_op_threads": torch.get_num_threads(), "median_step_seconds": round(times[len(times) // 2], 4),
        "p90_step_seconds": round(times[min(len(times) - 1, int(0.9 * len(times)))], 4),
        "max_step_seconds": round(times[-1], 4), "process_cpu_seconds": round(cpu, 2),
        "other_processes_cpu_seconds": round(max(0.0, machine - cpu), 2),
        "first_loss": round(first, 4), "last_loss": round(loss, 4), "torch": torch.__version__,
        "parameters": parameters, "running_statistics": running}))


if __name__ == "__main__":
    main()
