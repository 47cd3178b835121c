#!/usr/bin/env python3
"""Turn a COCO ground truth (e.g. from shared/tools/make_coco.py) into a plausible COCO results file.

Stdlib only and deterministic for a given --seed. Each non-crowd object is missed, or detected with a
jittered box; some detections are duplicated, some get a confused category, and every image receives a
few false positives. Scores are rounded (to 3 decimals by default) so that ties occur, as they do in real
results files, and exercise the evaluator's tie-breaking.

    python3 /work/shared/tools/make_coco.py -o gt.json --images 5000 --annotations 36000 --seed 11
    python3 make_dets.py --gt gt.json -o dets.json --seed 11

Extra knobs for robustness checks: --unknown-images N adds detections on N image ids absent from the
ground truth, --unknown-category ID adds detections of a category it does not declare, --burst N puts N
extra low-score detections on the first image (beyond pycocotools' 100 per image and category).
"""
import argparse
import json
import random


def jitter(rng, box, strength):
    x, y, w, h = box
    dx = rng.gauss(0, strength) * w
    dy = rng.gauss(0, strength) * h
    sw = max(0.2, 1 + rng.gauss(0, strength))
    sh = max(0.2, 1 + rng.gauss(0, strength))
    return [round(x + dx, 2), round(y + dy, 2), round(max(0.5, w * sw), 2), round(max(0.5, h * sh), 2)]


def random_box(rng, width, height):
    w = rng.uniform(4, max(5.0, width / 3))
    h = rng.uniform(4, max(5.0, height / 3))
    return [round(rng.uniform(0, max(1.0, width - w)), 2), round(rng.uniform(0, max(1.0, height - h)), 2),
            round(w, 2), round(h, 2)]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gt", required=True)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--miss", type=float, default=0.12, help="probability an object is not detected")
    ap.add_argument("--duplicate", type=float, default=0.06, help="probability of a second box on an object")
    ap.add_argument("--confuse", type=float, default=0.04, help="probability of a wrong category")
    ap.add_argument("--false-positives", type=float, default=1.6, help="mean false positives per image")
    ap.add_argument("--jitter", type=float, default=0.08, help="relative box noise (std)")
    ap.add_argument("--score-decimals", type=int, default=3)
    ap.add_argument("--unknown-images", type=int, default=0)
    ap.add_argument("--unknown-category", type=int, default=None)
    ap.add_argument("--burst", type=int, default=0)
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    with open(args.gt) as f:
        gt = json.load(f)
    images = {img["id"]: img for img in gt["images"]}
    categories = [c["id"] for c in gt["categories"]]
    by_image = {}
    for ann in gt["annotations"]:
        by_image.setdefault(ann["image_id"], []).append(ann)

    def score(quality):
        return round(min(1.0, max(0.0, quality + rng.gauss(0, 0.15))), args.score_decimals)

    results = []
    for image_id in sorted(images):
        img = images[image_id]
        for ann in by_image.get(image_id, []):
            if ann.get("iscrowd", 0) or rng.random() < args.miss:
                continue
            copies = 2 if rng.random() < args.duplicate else 1
            for _ in range(copies):
                category = ann["category_id"]
                if rng.random() < args.confuse:
                    category = rng.choice(categories)
                results.append({"image_id": image_id, "category_id": category,
                                "bbox": jitter(rng, ann["bbox"], args.jitter), "score": score(0.75)})
        n_fp = int(rng.expovariate(1.0 / args.false_positives)) if args.false_positives > 0 else 0
        for _ in range(n_fp):
            results.append({"image_id": image_id, "category_id": rng.choice(categories),
                            "bbox": random_box(rng, img["width"], img["height"]), "score": score(0.3)})
    if args.burst and images:
        first = min(images)
        img = images[first]
        category = (by_image.get(first) or [{"category_id": categories[0]}])[0]["category_id"]
        for _ in range(args.burst):
            results.append({"image_id": first, "category_id": category,
                            "bbox": random_box(rng, img["width"], img["height"]), "score": score(0.1)})
    top = max(images) if images else 0
    for k in range(args.unknown_images):
        results.append({"image_id": top + 1 + k, "category_id": categories[0], "bbox": [1, 1, 10, 10],
                        "score": 0.5})
    if args.unknown_category is not None and images:
        for image_id in sorted(images)[:10]:
            results.append({"image_id": image_id, "category_id": args.unknown_category,
                            "bbox": [1, 1, 10, 10], "score": 0.9})
    with open(args.output, "w") as f:
        json.dump(results, f)
    print(f"{len(results)} detections on {len(images)} images -> {args.output}")


if __name__ == "__main__":
    main()
