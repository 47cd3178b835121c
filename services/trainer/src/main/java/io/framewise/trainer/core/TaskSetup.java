package io.framewise.trainer.core;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a family gets to open a training task: settings, data, the manager its arrays live in, further named
 * datasets (LoANs: {@code assessor}), and a way to open other resources a setting names (weights files).
 */
public record TaskSetup(Hyperparameters hyperparameters, Data train, Data validation, NDManager manager,
        Map<String, Data> auxiliary, Resources resources) {

    public TaskSetup(Hyperparameters hyperparameters, Data train, Data validation, NDManager manager) {
        this(hyperparameters, train, validation, manager, Map.of(), Resources.FILES);
    }

    public TaskSetup {
        auxiliary = Map.copyOf(auxiliary);
    }

    /** A named further dataset; an error naming what is missing if the request did not give it. */
    public Data auxiliary(String name) {
        Data data = auxiliary.get(name);
        if (data == null) {
            throw new IllegalArgumentException("this model family needs a '" + name + "' dataset");
        }
        return data;
    }

    /** A dataset: its index file (COCO instances JSON, a frames manifest...) and where its images are. */
    public interface Data {
        String name();

        InputStream openIndex() throws IOException;

        ImageSource images();
    }

    /** Opens what a setting names: a local path offline, {@code bucket/key} in the service. */
    @FunctionalInterface
    public interface Resources {
        Resources FILES = reference -> Files.newInputStream(Path.of(reference));

        InputStream open(String reference) throws IOException;
    }
}
