package io.framewise.videoannotator.core;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.framewise.common.model.Djl;
import io.framewise.common.model.ModelSpec;
import io.framewise.common.model.Weights;
import io.framewise.common.model.keypoints.KeypointSpec;
import io.framewise.common.model.keypoints.StackedHourglass;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A tiny untrained stacked-hourglass checkpoint for tests (one stack, depth 2, 16 features, 64 px input) of an
 * "animal" with four parts: nose, left_ear, right_ear (a flip pair), tail; the skeleton joins the nose to each ear.
 */
public final class PoseCheckpoints {

    public static final KeypointSpec KEYPOINTS = new KeypointSpec(List.of("nose", "left_ear", "right_ear", "tail"),
            List.of(new KeypointSpec.Pair(1, 2)), new double[] {.08, .08, .08, .08},
            List.of(new KeypointSpec.Pair(0, 1), new KeypointSpec.Pair(0, 2)));
    public static final ModelSpec SPEC = StackedHourglass.spec(
            Map.of("stacks", "1", "depth", "2", "features", "16", "imageSize", "64"), KEYPOINTS, "animal");

    private PoseCheckpoints() {
    }

    /** Writes {@code model.json} and freshly initialized (seeded) {@code model.params} into {@code folder}. */
    public static Path write(Path folder) throws IOException {
        Djl.offline();
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("model.json"), SPEC.toJson());
        try (NDManager manager = NDManager.newBaseManager();
                OutputStream out = Files.newOutputStream(folder.resolve("model.params"))) {
            Engine.getInstance().setRandomSeed(3);
            Weights.save(new StackedHourglass(SPEC).initialize(manager, 1), out);
        }
        return folder;
    }
}
