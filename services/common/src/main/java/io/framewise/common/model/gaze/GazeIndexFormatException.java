package io.framewise.common.model.gaze;

import java.io.IOException;

/** A gaze index (CSV) that cannot be read as gaze ground truth; the message says where and why. */
public class GazeIndexFormatException extends IOException {

    public GazeIndexFormatException(String message) {
        super(message);
    }
}
