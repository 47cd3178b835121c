"""What coco-manager's filter.py keeps, and in which order, written independently for the tests.

Usage: python3 coco_manager_reference.py INPUT NAME...
Prints one JSON object: image ids and annotation ids in output order, and the category id remap.
Same data structures as filter.py (a dict grouping annotations per image_id, a set of kept image ids),
so the order is whatever CPython gives them.
"""
import json
import sys

coco = json.load(open(sys.argv[1]))
names = set(sys.argv[2:])

categories = {}
for category in coco["categories"]:
    categories.setdefault(category["id"], category)

remap = {}
for category_id, category in categories.items():
    if category["name"] in names:
        remap[category_id] = len(remap) + 1

per_image = {}
for annotation in coco["annotations"]:
    per_image.setdefault(annotation["image_id"], []).append(annotation)

annotation_ids = []
image_ids = set()
for image_id, annotations in per_image.items():
    for annotation in annotations:
        if annotation["category_id"] in remap:
            annotation_ids.append(annotation["id"])
            image_ids.add(image_id)

print(json.dumps({
    "images": list(image_ids),
    "annotations": annotation_ids,
    "remap": {str(k): v for k, v in remap.items()},
}))
