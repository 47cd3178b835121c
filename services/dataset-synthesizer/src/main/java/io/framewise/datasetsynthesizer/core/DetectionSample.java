package io.framewise.datasetsynthesizer.core;

import java.util.List;

/** One detection image: a background at the image size with several templates pasted on it. */
public record DetectionSample(int index, String background, RgbaImage image, List<DetectionInstance> instances) {
}
