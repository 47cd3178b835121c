package io.framewise.datasetsynthesizer.core;

/** Which crop a sample gets; decided in index order so IoU buckets cycle exactly as in the source. */
record CropPlan(int index, CropKind kind, int bucket) {

    double target() {
        return kind == CropKind.IOU_BUCKET ? IouBuckets.target(bucket) : Double.NaN;
    }
}
