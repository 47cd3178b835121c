#!/usr/bin/python3
"""The reference for bench/train-gaze.sh: Framewise's spatial gaze-target network (VTD, Chong et al. 2020) in
PyTorch, trained on tensors held in memory, printing steps/s as one JSON line.

The same network as io.framewise.common.model.gaze.GazeNetwork with temporal = false, layer for layer as its javadoc
describes it, with D = outputChannels / 2 (256 for ResNet-18 at width 64) and a grid g = S / 32 (7 at 224 px):
  backbone      io.framewise.common.model.ResNet.backbone: torchvision's ResNet up to its stride-32 map (no pooling,
                no classifier): 7x7/2 conv (no bias), BN, ReLU, 3x3/2 max pool (padding 1), four stages of basic blocks
                (2, 2, 2, 2; widths w, 2w, 4w, 8w; stride 2 on the first block of stages 2-4, a 1x1 conv + BN
                projection where the shape changes); block convolutions have no bias
  scene         backbone on the frame with the head-position map as a fourth channel, 1x1 conv (bias) to D, BN, ReLU
  head          backbone on the head crop, 1x1 conv (bias) to D, BN, ReLU, averaged over the grid to a D vector
  attention     Linear(((S/8)^2 + D) -> g^2) over the head map max-pooled by 8 (flattened) concatenated with the head
                vector; softmax over the grid; the scene features are multiplied by it
  encoder       [weighted scene features, head vector broadcast over the grid] (2D channels), 1x1 conv to D, BN, ReLU,
                1x1 conv to D/2, BN, ReLU
  decoder       ConvTranspose2d 3x3/2 to D/4, BN, ReLU, ConvTranspose2d 3x3/2 to D/8, BN, ReLU, ConvTranspose2d 4x4/2 to
                1, 1x1 conv: the 8g+8 square heatmap (64 at 224 px). Framewise computes each transposed convolution as
                zeros spread between the input's cells and a convolution padded by kernel - 1 (DJL's PyTorch engine
                has no transposed convolution): the same operation and output size (2h + k - 2), the kernel flipped
  inout         1x1 conv of the encoding to 1 channel, flattened (g^2), Linear to 1: the in-frame logit
Every convolution outside the backbones has a bias, as DJL's Conv2d does by default. Weights He-initialized (Xavier
gaussian, fan in, magnitude 2, as GazeModel.initialize), the heatmap's last convolution set to zero
(GazeNetwork.zeroHeatmapOutput).

The same loss as GazeTraining.step: 10000 x the mean squared heatmap error of the frames whose gaze is inside (the
per-frame mean over the heatmap's cells, summed over those frames, divided by their count, at least 1) plus 100 x the
binary cross-entropy with logits of the in-frame logit; every loss term read back as a Python float (as Framewise's
step does), then backward and Adam (lr 0.00025, the family's default). BatchNorm in training mode, batch 8 at 224x224
frames and head crops, ResNet-18 backbones of width 64, torch.set_num_threads(2).

Each step stacks 8 of a pool of pre-made samples (normalized noise frames and crops, a head box map, a Gaussian target
at a random gaze point with sigma 3 cells or an empty one and label 0 for one sample in five, as GazeScenes has) into a
batch, as a data loader's collate would. Warm-up steps are excluded from the timing.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/gaze_torch.py [--warmup 3] [--iterations 20]
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, cin, planes, stride):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(cin, planes, 3, stride, 1, bias=False), nn.BatchNorm2d(planes), nn.ReLU(),
            nn.Conv2d(planes, planes, 3, 1, 1, bias=False), nn.BatchNorm2d(planes))
        self.project = None
        if cin != planes or stride != 1:
            self.project = nn.Sequential(nn.Conv2d(cin, planes, 1, stride, 0, bias=False), nn.BatchNorm2d(planes))

    def forward(self, x):
        return F.relu(self.main(x) + (x if self.project is None else self.project(x)))


def backbone(cin, width, blocks=(2, 2, 2, 2)):
    """ResNet.backbone for the basic-block depths (ResNet-18): stem and four stages, output stride 32, 8w channels."""
    layers = [nn.Conv2d(cin, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(), nn.MaxPool2d(3, 2, 1)]
    c = width
    for stage, count in enumerate(blocks):
        planes = width << stage
        for b in range(count):
            layers.append(BasicBlock(c, planes, 2 if stage > 0 and b == 0 else 1))
            c = planes
    return nn.Sequential(*layers), c


def conv_bn_relu(cin, cout):
    return [nn.Conv2d(cin, cout, 1), nn.BatchNorm2d(cout), nn.ReLU()]


class GazeNetwork(nn.Module):
    def __init__(self, width, size):
        super().__init__()
        scene, out = backbone(4, width)
        head, _ = backbone(3, width)
        d = out // 2
        self.channels = d
        self.grid = size // 32
        self.scene = nn.Sequential(scene, *conv_bn_relu(out, d))
        self.head = nn.Sequential(head, *conv_bn_relu(out, d))
        self.attention = nn.Linear((size // 8) ** 2 + d, self.grid ** 2)
        self.encoder = nn.Sequential(*conv_bn_relu(2 * d, d), *conv_bn_relu(d, d // 2))
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(d // 2, d // 4, 3, 2), nn.BatchNorm2d(d // 4), nn.ReLU(),
            nn.ConvTranspose2d(d // 4, d // 8, 3, 2), nn.BatchNorm2d(d // 8), nn.ReLU(),
            nn.ConvTranspose2d(d // 8, 1, 4, 2),
            nn.Conv2d(1, 1, 1))
        self.inout_conv = nn.Conv2d(d // 2, 1, 1)
        self.inout_linear = nn.Linear(self.grid ** 2, 1)
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
                nn.init.zeros_(m.bias) if m.bias is not None else None
        last = self.decoder[-1]
        nn.init.zeros_(last.weight)
        nn.init.zeros_(last.bias)

    def forward(self, frames, crops, head_map):
        b = frames.shape[0]
        scene = self.scene(torch.cat([frames, head_map], 1))
        g = scene.shape[2]
        head = self.head(crops).mean(dim=(2, 3))
        reduced = F.max_pool2d(head_map, 8, 8).reshape(b, -1)
        weights = self.attention(torch.cat([reduced, head], 1)).softmax(1).reshape(b, 1, g, g)
        joined = torch.cat([scene * weights, head.reshape(b, self.channels, 1, 1).expand(b, self.channels, g, g)], 1)
        encoded = self.encoder(joined)
        heatmap = self.decoder(encoded)
        inout = self.inout_linear(self.inout_conv(encoded).reshape(b, -1))
        return heatmap, inout


def make_samples(count, size, generator):
    """Noise frames and crops, a head box map, a Gaussian target (sigma 3 cells at 64) or none (one in five)."""
    heat = 8 * (size // 32) + 8
    sigma = 3.0 * heat / 64
    ys = torch.arange(heat, dtype=torch.float32).view(heat, 1)
    xs = torch.arange(heat, dtype=torch.float32).view(1, heat)
    samples = []
    for _ in range(count):
        frame = torch.randn(3, size, size, generator=generator)
        crop = torch.randn(3, size, size, generator=generator)
        head_map = torch.zeros(1, size, size)
        x0, y0 = (int(v) for v in (torch.rand(2, generator=generator) * size * 0.8).tolist())
        head_map[:, y0:y0 + size // 8, x0:x0 + size // 8] = 1
        inside = torch.rand(1, generator=generator).item() >= 0.2
        if inside:
            cx, cy = (torch.rand(2, generator=generator) * heat).tolist()
            target = torch.exp(-((xs - cx) ** 2 + (ys - cy) ** 2) / (2 * sigma ** 2)).reshape(-1)
        else:
            target = torch.zeros(heat * heat)
        samples.append((frame, crop, head_map, target, torch.tensor([1.0 if inside else 0.0])))
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
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--iterations", type=int, default=20)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--width", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--distinct", type=int, default=16)
    p.add_argument("--learning-rate", type=float, default=0.00025)
    p.add_argument("--heatmap-weight", type=float, default=10000)
    p.add_argument("--inout-weight", type=float, default=100)
    p.add_argument("--count-only", action="store_true", help="print the parameter counts and exit")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    model = GazeNetwork(a.width, a.size)
    # Trainable parameters (what Adam updates) and BatchNorm's running statistics (buffers in PyTorch; DJL keeps
    # them among the block's parameters, without gradients).
    parameters = sum(t.numel() for t in model.parameters())
    running = sum(t.numel() for name, t in model.named_buffers() if name.endswith(("running_mean", "running_var")))
    if a.count_only:
        print(json.dumps({"parameters": parameters, "running_statistics": running}))
        return
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=a.learning_rate)
    samples = make_samples(max(a.batch, a.distinct), a.size, torch.Generator().manual_seed(1))
    heat = 8 * (a.size // 32) + 8

    def step(i):
        batch = [samples[(i * a.batch + k) % len(samples)] for k in range(a.batch)]
        frames, crops, maps, target, label = (torch.stack(t) for t in zip(*batch))
        optimizer.zero_grad(set_to_none=True)
        heatmap, logit = model(frames, crops, maps)
        per_frame = (heatmap.reshape(a.batch, heat * heat) - target).square().mean(1)
        inside = max(1.0, float(label.sum()))
        heatmap_loss = (per_frame * label.reshape(a.batch)).sum() / inside * a.heatmap_weight
        bce = F.binary_cross_entropy_with_logits(logit, label) * a.inout_weight
        total = heatmap_loss + bce
        losses = {"heatmap": heatmap_loss.item(), "inout": bce.item(), "total": total.item()}
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
        "warmup": a.warmup, "iterations": a.iterations, "batch": a.batch, "image_size": a.size, "width": a.width,
        "backbone": "resnet18", "intra_op_threads": torch.get_num_threads(),
        "median_step_seconds": round(times[len(times) // 2], 4),
        "p90_step_seconds": round(times[min(len(times) - 1, int(0.9 * len(times)))], 4),
        "max_step_seconds": round(times[-1], 4), "process_cpu_seconds": round(cpu, 2),
        "other_processes_cpu_seconds": round(max(0.0, machine - cpu), 2),
        "first_loss": round(first, 4), "last_loss": round(loss, 4), "torch": torch.__version__,
        "parameters": parameters, "running_statistics": running}))


if __name__ == "__main__":
    main()
