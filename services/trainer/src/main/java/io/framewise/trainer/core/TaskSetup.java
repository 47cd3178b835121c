package io.framewise.trainer.core;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;

/** What a family gets to open a training task: settings, data, and the manager its arrays live in. */
public record TaskSetup(Hyperparameters hyperparameters, Data train, Data validation, NDManager manager) {

    /** A dataset: its index file (COCO instances JSON, a frames manifest...) and where its images are. */
    public interface Data {
        String name();

        InputStream openIndex() throws IOException;

        ImageSource images();
    }
}
