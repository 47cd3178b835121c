package io.framewise.evaluator.core.coco;

import java.io.IOException;

/** A COCO JSON file that cannot be read as ground truth or results; the message says where and why. */
public class CocoFormatException extends IOException {

    public CocoFormatException(String message) {
        super(message);
    }
}
