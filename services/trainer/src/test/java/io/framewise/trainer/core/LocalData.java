package io.framewise.trainer.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A COCO file whose images are relative to its folder. */
record LocalData(Path json) implements TaskSetup.Data {

    @Override
    public String name() {
        return json.toString();
    }

    @Override
    public InputStream openIndex() throws IOException {
        return Files.newInputStream(json);
    }

    @Override
    public ImageSource images() {
        return ImageSource.folder(json.getParent());
    }
}
