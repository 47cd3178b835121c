package io.framewise.videoannotator;

import io.framewise.common.model.Predictor;
import java.nio.file.Path;

/**
 * A model in memory: its name, the run it comes from, a version that changes when a new checkpoint is
 * promoted under the name (the promoted.json's eTag, or the pinned checkpoint's key), and the folder it
 * was downloaded to. Used by one annotation at a time; closed when replaced and no longer in use.
 */
final class LoadedModel {

    final String name;
    final String runId;
    final String version;
    final Predictor predictor;
    final Path folder;
    private int users;
    private boolean retired;

    LoadedModel(String name, String runId, String version, Predictor predictor, Path folder) {
        this.name = name;
        this.runId = runId;
        this.version = version;
        this.predictor = predictor;
        this.folder = folder;
    }

    synchronized LoadedModel use() {
        users++;
        return this;
    }

    synchronized void release() {
        users--;
        closeIfDone();
    }

    synchronized void retire() {
        retired = true;
        closeIfDone();
    }

    private void closeIfDone() {
        if (retired && users == 0) {
            predictor.close();
            io.framewise.common.work.WorkFolder.delete(folder);
        }
    }
}
