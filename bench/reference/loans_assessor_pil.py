#!/usr/bin/env python3
"""Reference for bench/synthesize.sh: a port of the LoANs assessor dataset creation in zoom mode
(Bartzi/LoANs, the dataset creation script with create_sample, iou_crop, get_iou_crop, get_naive_zoom,
get_base_bbox_sizes), on PIL and numpy only. Same algorithm and the same quirks as the source:
  - background resized to --image-size (224x224) with LANCZOS, converted to RGBA;
  - random template, flipped left-right with p=0.5, resized to randint(W//15, W//2) x randint(H//15, H//2);
  - pasted at a random position into a transparent layer, alpha-composited on the background;
  - zoom mode: 70% IoU crops cycling the buckets 0.20, 0.25 .. 1.00 (a global index advanced on every IoU crop),
    30% naive zooms of 0.3 .. 10.3 times the template;
  - IoU crops: below 0.3 the source's crop size (1 + (1 - t) * 10) x the template, clamped to the image,
    otherwise a size within (1 -/+ (1 - t)) of the template; position within crop//2 * (1 - t) of the template's
    corner (the source clamps y with the image's width, kept); accepted when t - 0.05 < IoU <= t, at most
    200 x 200 tries, else the sample is dropped (as is any sample where random.randint gets an empty range);
  - crop resized to --output-size with BILINEAR (the source's Image.LINEAR), saved as images/<i>.png;
  - images.csv: path TAB IoU with 4 decimals.
IoU as chainercv.utils.bbox_iou computes it (numpy, no +1). Differences from the source: inputs are folders
(--backgrounds, --templates, listed sorted), a --seed for Python's random, no tqdm, no --base-bboxes flag
(get_base_bbox_sizes is ported but unused by the benchmark). Single process, as the source is.
"""
import argparse
import csv
import json
import os
import random

import numpy as np
from PIL import Image

IOU_RANGES = list(range(20, 105, 5))
iou_index = -1

RESAMPLE_LANCZOS = getattr(Image, "Resampling", Image).LANCZOS
RESAMPLE_BILINEAR = getattr(Image, "Resampling", Image).BILINEAR  # Image.LINEAR in the source
FLIP_LEFT_RIGHT = getattr(Image, "Transpose", Image).FLIP_LEFT_RIGHT


def bbox_iou(bbox_a, bbox_b):
    """chainercv.utils.bbox_iou: pairwise IoU of (N, 4) and (K, 4) boxes."""
    if bbox_a.shape[1] != 4 or bbox_b.shape[1] != 4:
        raise IndexError
    tl = np.maximum(bbox_a[:, None, :2], bbox_b[:, :2])
    br = np.minimum(bbox_a[:, None, 2:], bbox_b[:, 2:])
    area_i = np.prod(br - tl, axis=2) * (tl < br).all(axis=2)
    area_a = np.prod(bbox_a[:, 2:] - bbox_a[:, :2], axis=1)
    area_b = np.prod(bbox_b[:, 2:] - bbox_b[:, :2], axis=1)
    return area_i / (area_a[:, None] + area_b - area_i)


def iou_crop(image, bbox, crop_width, crop_height, desired_iou):
    bbox = bbox.astype(np.int32)
    if desired_iou < 0.0:
        crop_x = random.randint(0, image.width - crop_width)
        crop_y = random.randint(0, image.height - crop_height)
    else:
        dev_w = int(crop_width // 2 * (1.0 - desired_iou))
        dev_h = int(crop_height // 2 * (1.0 - desired_iou))
        crop_x = random.randint(max(bbox[0] - dev_w, 0), min(bbox[0] + dev_w, image.width - crop_width))
        crop_y = random.randint(max(bbox[1] - dev_h, 0), min(bbox[1] + dev_h, image.height - crop_height))
    return np.array([
        crop_x,
        crop_y,
        min(crop_x + crop_width, image.width),
        min(crop_y + crop_height, image.width),  # sic: the source clamps y with the width
    ])


def get_iou_crop(image, paste_x, paste_y, stamp):
    global iou_index
    iou_index = (iou_index + 1) % len(IOU_RANGES)
    desired_iou = min(IOU_RANGES[iou_index % len(IOU_RANGES)] / 100, 1.0)

    num_retries = 0
    good_bbox_found = False
    while not good_bbox_found and num_retries < 200:
        paste_bbox = np.array([paste_x, paste_y, paste_x + stamp.width, paste_y + stamp.height])
        paste_bbox_size = paste_bbox[2:] - paste_bbox[:2]
        max_size_deviation = 1.0 - desired_iou
        for _ in range(200):
            if desired_iou < 0.3:
                crop_width = int(min(stamp.width + (1 - desired_iou) * 10 * stamp.width, image.width))
                crop_height = int(min(stamp.height + (1 - desired_iou) * 10 * stamp.height, image.height))
            else:
                crop_width = random.randint(
                    max(int(paste_bbox_size[0] - paste_bbox_size[0] * max_size_deviation), 1),
                    int(paste_bbox_size[0] + paste_bbox_size[0] * max_size_deviation))
                crop_height = random.randint(
                    max(int(paste_bbox_size[1] - paste_bbox_size[1] * max_size_deviation), 1),
                    int(paste_bbox_size[1] + paste_bbox_size[1] * max_size_deviation))
            crop_bbox = iou_crop(image, paste_bbox, crop_width, crop_height, desired_iou)
            ious = bbox_iou(crop_bbox[None, ...], paste_bbox[None, ...])[0]
            largest_iou = abs(np.max(ious))
            if desired_iou - 0.05 < largest_iou <= desired_iou:
                good_bbox_found = True
                break
        num_retries += 1
    if not good_bbox_found:
        raise ValueError("No Good BBOX Found")
    return image.crop(tuple(int(v) for v in crop_bbox)), ious[0]


def get_naive_zoom(image, paste_x, paste_y, stamp):
    zoom_ratio = random.random() * 10 + 0.3
    crop_width = min(stamp.width + zoom_ratio * stamp.width, image.width)
    crop_height = min(stamp.height + zoom_ratio * stamp.height, image.height)
    width_insert_ratio = random.random()
    height_insert_ratio = random.random()
    insert_max = [min(paste_x, image.width - crop_width), min(paste_y, image.height - crop_height)]
    insert_min = [max(paste_x + stamp.width - crop_width, 0), max(paste_y + stamp.height - crop_height, 0)]
    for i in range(2):
        if insert_max[i] < insert_min[i]:
            insert_max[i] = insert_min[i]
    insert_point = [int(mi + r * (ma - mi)) for mi, ma, r in
                    zip(insert_min, insert_max, [width_insert_ratio, height_insert_ratio])]
    crop_bbox = [insert_point[0], insert_point[1], insert_point[0] + crop_width, insert_point[1] + crop_height]
    paste_bbox = np.array([paste_x, paste_y, paste_x + stamp.width, paste_y + stamp.height])
    stamp_with_background = image.crop(crop_bbox)  # PIL rounds float boxes, as in the source
    iou = bbox_iou(np.array(crop_bbox)[None, ...], paste_bbox[None, ...])[0, 0]
    return stamp_with_background, iou


def create_sample(image, stamp, crop_extra=(0, 0, 0, 0), bbox_sizes=None, zoom_mode=False, image_size=None):
    if bbox_sizes is not None:
        bbox_size = random.choice(bbox_sizes)
    else:
        stamp = stamp.resize((random.randint(image_size[0] // 15, image_size[0] // 2),
                              random.randint(image_size[1] // 15, image_size[1] // 2)), RESAMPLE_LANCZOS)
    if image_size:
        scale_factors = [n / o for n, o in zip(image_size, image.size)]
        image = image.resize(tuple(image_size), RESAMPLE_LANCZOS)
        if bbox_sizes is not None:
            bbox_size = [int(d * f) for d, f in zip(bbox_size, scale_factors)]
    if bbox_sizes is not None:
        stamp = stamp.resize(bbox_size, RESAMPLE_LANCZOS)

    paste_x = random.randint(crop_extra[0], image.width - stamp.width - crop_extra[2])
    paste_y = random.randint(crop_extra[1], image.height - stamp.height - crop_extra[3])
    paste_image = Image.new("RGBA", image.size)
    paste_image.paste(stamp, (paste_x, paste_y))
    image = Image.alpha_composite(image, paste_image)

    if zoom_mode:
        if image_size is None:
            raise ValueError("if you are using zoom mode, image size can not be None")
        if random.random() >= 0.3:
            return get_iou_crop(image, paste_x, paste_y, stamp)
        return get_naive_zoom(image, paste_x, paste_y, stamp)
    return image.crop((paste_x - crop_extra[0], paste_y - crop_extra[1],
                       paste_x + stamp.width + crop_extra[2], paste_y + stamp.height + crop_extra[3]))


def get_base_bbox_sizes(base_bbox_path):
    with open(base_bbox_path) as handle:
        bbox_data = json.load(handle)
    bbox_sizes = set()
    for bbox in (item["bounding_boxes"] for item in bbox_data):
        for box in bbox:
            size = (box[3] - box[1], box[2] - box[0])
            if any(x <= 0 for x in size):
                continue
            bbox_sizes.add(size)
    return list(bbox_sizes)


def list_images(folder):
    return sorted(f for f in os.listdir(folder) if f.lower().endswith((".png", ".jpg", ".jpeg")))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--backgrounds", required=True)
    p.add_argument("--templates", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--num-samples", type=int, default=10000)
    p.add_argument("--output-size", type=int, nargs=2, default=(75, 75))
    p.add_argument("--image-size", type=int, nargs=2, default=(224, 224))
    p.add_argument("--enlarge-region", type=int, nargs=4, default=(0, 0, 0, 0))
    p.add_argument("--base-bboxes")
    p.add_argument("--no-zoom-mode", dest="zoom_mode", action="store_false")
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args()

    random.seed(args.seed)
    all_images = list_images(args.backgrounds)
    stamps = [Image.open(os.path.join(args.templates, f)) for f in list_images(args.templates)]
    os.makedirs(os.path.join(args.out, "images"), exist_ok=True)
    bbox_sizes = get_base_bbox_sizes(args.base_bboxes) if args.base_bboxes else None

    images = []
    for i in range(args.num_samples):
        image_path = random.choice(all_images)
        stamp = random.choice(stamps)
        if random.random() >= 0.5:
            stamp = stamp.transpose(FLIP_LEFT_RIGHT)
        try:
            sample = create_sample(
                Image.open(os.path.join(args.backgrounds, image_path)).convert("RGBA"), stamp,
                crop_extra=args.enlarge_region, bbox_sizes=bbox_sizes,
                zoom_mode=args.zoom_mode, image_size=args.image_size)
        except ValueError:
            continue
        if args.zoom_mode:
            sample, label = sample
        else:
            label = None
        sample = sample.resize(tuple(args.output_size), RESAMPLE_BILINEAR)
        file_name = f"images/{i}.png"
        sample.save(os.path.join(args.out, file_name))
        images.append([file_name, format(label, ".4f")] if label is not None else [file_name])

    with open(os.path.join(args.out, "images.csv"), "w", newline="") as destination:
        csv.writer(destination, delimiter="\t", lineterminator="\n").writerows(images)
    print(json.dumps({"samples": len(images), "skipped": args.num_samples - len(images)}))


if __name__ == "__main__":
    main()
