package io.framewise.common.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.framewise.common.model.keypoints.ModelArchive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Loading a one-network checkpoint ({@code model.json} and {@code model.params}, or a model archive holding them): the
 * spec read into the family's model, a fresh network built, every weight loaded, or an IOException that says what
 * does not fit. What every family's {@code Loaded...} class does first.
 */
public final class Checkpoints {

    /** A loaded checkpoint: the manager its arrays live in (the caller closes it), the model and its network. */
    public record Loaded<M, B extends Block>(NDManager manager, M model, B network) {
    }

    private Checkpoints() {
    }

    /**
     * @param model the family's model from the spec (its constructor checks the family and the settings)
     * @param network a new network of the model, in the manager
     */
    public static <M, B extends Block> Loaded<M, B> load(Path checkpoint, Function<ModelSpec, M> model,
            BiFunction<M, NDManager, B> network) throws IOException {
        if (Files.isRegularFile(checkpoint)) {
            try (ModelArchive.Unpacked unpacked = ModelArchive.unpack(checkpoint)) {
                return load(unpacked.folder(), model, network);
            }
        }
        Path specFile = checkpoint.resolve("model.json");
        Path weights = checkpoint.resolve("model.params");
        if (!Files.exists(specFile) || !Files.exists(weights)) {
            throw new NoSuchFileException(checkpoint + " has no model.json and model.params");
        }
        Djl.offline();
        M m;
        try {
            m = model.apply(ModelSpec.fromJson(Files.readString(specFile)));
        } catch (IllegalArgumentException e) {
            throw new IOException("checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager();
        try (InputStream in = Files.newInputStream(weights)) {
            B net = network.apply(m, manager);
            List<String> untouched = Weights.load(net, in, manager);
            if (!untouched.isEmpty()) {
                throw new IOException("checkpoint " + checkpoint + ": its weights do not fit its model.json ("
                        + untouched.size() + " parameters missing or of another shape, first " + untouched.get(0) + ")");
            }
            return new Loaded<>(manager, m, net);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e instanceof IOException io ? io : new IOException("checkpoint " + checkpoint + " does not load: " + e, e);
        }
    }
}
