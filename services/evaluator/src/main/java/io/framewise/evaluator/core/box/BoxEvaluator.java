package io.framewise.evaluator.core.box;

import io.framewise.evaluator.core.Evaluator;
import java.util.List;

/**
 * The reset and process steps every box metric shares: images are indexed as they arrive and their
 * ground truth and detections kept in columnar tables; subclasses only evaluate.
 */
public abstract class BoxEvaluator implements Evaluator<ImageDetections> {

    protected final ImageIndex images = new ImageIndex();
    protected final BoxTable groundTruth = new BoxTable();
    protected final BoxTable detections = new BoxTable();

    @Override
    public void reset() {
        images.clear();
        groundTruth.clear();
        detections.clear();
    }

    @Override
    public void process(List<? extends ImageDetections> batch) {
        for (ImageDetections image : batch) {
            int index = images.indexOf(image.imageId());
            for (GroundTruthBox box : image.groundTruth()) {
                groundTruth.add(index, box);
            }
            for (Detection detection : image.detections()) {
                detections.add(index, detection);
            }
        }
    }
}
