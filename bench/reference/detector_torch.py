#!/usr/bin/python3
"""The reference for bench/train-detector.sh: Framewise's one-stage detector in PyTorch, trained on tensors
held in memory, printing steps/s as one JSON line.

The same network as io.framewise.common.model.ResNet + OneStageDetector: torchvision's ResNet-18 (basic
blocks, stages of 2, 2, 2, 2, first-stage width 64) without pooling and classifier, its stride-32 feature
map, and a 1x1 convolution head with 4 + 1 + N outputs per cell (tx, ty, tw, th, objectness, N classes).
The same three loss terms as DetectorLoss:
  objectness  sigmoid binary cross-entropy, mean over every cell of the batch
  class       softmax cross-entropy over the object cells, summed and divided by the number of objects
  box         smooth L1 (beta 1) of (tanh tx, tanh ty, tw, th) on the object cells, / number of objects
Adam (lr 0.001), BatchNorm in training mode, batch 8 at 224x224, torch.set_num_threads(2).

Each step stacks 8 of a pool of pre-made samples into a batch (as a data loader's collate would) and reads
every loss term back as a Python float (as Framewise's step does), then backward and optimizer step.
Run with Debian's interpreter: /usr/bin/python3 bench/reference/detector_torch.py [--warmup 8] [--iterations 40]
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class BasicBlock(nn.Module):
    def __init__(self, inplanes, planes, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.downsample = None
        if stride != 1 or inplanes != planes:
            self.downsample = nn.Sequential(nn.Conv2d(inplanes, planes, 1, stride, 0, bias=False),
                                            nn.BatchNorm2d(planes))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        shortcut = x if self.downsample is None else self.downsample(x)
        return F.relu(out + shortcut)


class Detector(nn.Module):
    def __init__(self, classes, width=64, blocks=(2, 2, 2, 2)):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 7, 2, 3, bias=False), nn.BatchNorm2d(width), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        layers, inplanes = [], width
        for stage, n in enumerate(blocks):
            planes = width << stage
            for b in range(n):
                layers.append(BasicBlock(inplanes, planes, 2 if stage > 0 and b == 0 else 1))
                inplanes = planes
        self.stages = nn.Sequential(*layers)
        self.head = nn.Conv2d(inplanes, 5 + classes, 1)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):  # He (Xavier gaussian, fan in, magnitude 2), as the Java model
                nn.init.kaiming_normal_(m.weight, mode="fan_in", nonlinearity="relu")
        nn.init.zeros_(self.head.bias)
        with torch.no_grad():
            self.head.bias[4] = -math.log((1 - 0.01) / 0.01)

    def forward(self, x):
        return self.head(self.stages(self.stem(x)))


def loss_terms(out, box_target, objectness, class_one_hot):
    n, c = out.shape[0], out.shape[1]
    flat = out.reshape(n, c, -1)
    obj = F.binary_cross_entropy_with_logits(flat[:, 4], objectness)
    objects = objectness.sum().clamp(min=1)
    cls = -(F.log_softmax(flat[:, 5:], dim=1) * class_one_hot).sum() / objects
    pred = torch.cat([torch.tanh(flat[:, 0:2]), flat[:, 2:4]], 1)
    huber = F.smooth_l1_loss(pred, box_target, reduction="none", beta=1.0)
    box = (huber.sum(1) * objectness).sum() / objects
    return {"objectness": obj, "class": cls, "box": box}


def make_samples(count, classes, size, generator):
    """Normalized noise images with 1 to 3 encoded objects each, in DetectorTargets' layout."""
    grid = size // 32
    cells = grid * grid
    samples = []
    for _ in range(count):
        pixels = torch.randn(3, size, size, generator=generator)
        box = torch.zeros(4, cells)
        obj = torch.zeros(cells)
        one_hot = torch.zeros(classes, cells)
        for _ in range(int(torch.randint(1, 4, (1,), generator=generator))):
            cell = int(torch.randint(0, cells, (1,), generator=generator))
            obj[cell] = 1
            one_hot[:, cell] = 0
            one_hot[int(torch.randint(0, classes, (1,), generator=generator)), cell] = 1
            box[0:2, cell] = torch.rand(2, generator=generator) - 0.5
            box[2:4, cell] = torch.rand(2, generator=generator) * 2
        samples.append((pixels, box, obj, one_hot))
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
    p.add_argument("--warmup", type=int, default=8)
    p.add_argument("--iterations", type=int, default=40)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--classes", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--distinct", type=int, default=64)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(1)
    g = torch.Generator().manual_seed(1)
    model = Detector(a.classes)
    model.train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    samples = make_samples(a.distinct, a.classes, a.size, g)

    def step(i):
        batch = [samples[(i * a.batch + k) % len(samples)] for k in range(a.batch)]
        x, box, obj, one_hot = (torch.stack(t) for t in zip(*batch))
        optimizer.zero_grad()
        terms = loss_terms(model(x), box, obj, one_hot)
        total = terms["objectness"] + terms["class"] + terms["box"]
        losses = {k: v.item() for k, v in terms.items()}
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
        "intra_op_threads": torch.get_num_threads(), "median_step_seconds": round(times[len(times) // 2], 4),
        "p90_step_seconds": round(times[min(len(times) - 1, int(0.9 * len(times)))], 4),
        "max_step_seconds": round(times[-1], 4), "process_cpu_seconds": round(cpu, 2),
        "other_processes_cpu_seconds": round(max(0.0, machine - cpu), 2),
        "first_loss": round(first, 4), "last_loss": round(loss, 4), "torch": torch.__version__,
        "parameters": sum(p.numel() for p in model.parameters())}))


if __name__ == "__main__":
    main()
