package io.framewise.common.model;

import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.detector.LoadedDetector;
import io.framewise.common.model.detector.OneStageDetector;
import io.framewise.common.model.keypoints.LoadedPoseModel;
import io.framewise.common.model.keypoints.StackedHourglass;
import io.framewise.common.model.loans.LoadedLoans;
import io.framewise.common.model.loans.LoansModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** A trained model of any family, loaded from a checkpoint folder, that finds boxes in images. */
public interface Predictor extends AutoCloseable {

    ModelSpec spec();

    /** Detections per image, in each image's own pixels, best first; category indexes {@code spec().categories()}. */
    List<List<Detection>> predict(List<BufferedImage> images, float minScore, double nmsIou, int maxDetections);

    @Override
    void close();

    /**
     * Loads a checkpoint folder of any family (its {@code model.json} names the family), or a model archive
     * ({@code .zip}, see {@link io.framewise.common.model.keypoints.ModelArchive}).
     */
    static Predictor load(Path checkpoint) throws IOException {
        if (Files.isRegularFile(checkpoint)) {
            try (io.framewise.common.model.keypoints.ModelArchive.Unpacked unpacked =
                    io.framewise.common.model.keypoints.ModelArchive.unpack(checkpoint)) {
                return load(unpacked.folder());
            }
        }
        Path specFile = checkpoint.resolve("model.json");
        if (!Files.exists(specFile)) {
            throw new NoSuchFileException(checkpoint + " has no model.json");
        }
        String family;
        try {
            family = ModelSpec.fromJson(Files.readString(specFile)).family();
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        return switch (family) {
            case OneStageDetector.FAMILY -> LoadedDetector.load(checkpoint);
            case LoansModel.FAMILY -> LoadedLoans.load(checkpoint);
            case StackedHourglass.FAMILY -> LoadedPoseModel.load(checkpoint);
            default -> throw new IOException("checkpoint " + checkpoint + " is of family '" + family
                    + "', which this service cannot run (known: " + OneStageDetector.FAMILY + ", " + LoansModel.FAMILY
                    + ", " + StackedHourglass.FAMILY + ")");
        };
    }
}
