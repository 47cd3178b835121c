package io.framewise.datasetsynthesizer.core;

/**
 * One synthesized sample: the crop of a background with a template pasted on it.
 *
 * @param index      position in the run; also the file name
 * @param cropKind   how the view was chosen
 * @param targetIou  the IoU bucket aimed at (IOU_BUCKET only, otherwise NaN)
 * @param paste      where the template was pasted, in the resized background
 * @param crop       the view cropped from the resized background
 * @param iou        the label: IoU of crop and paste
 * @param image      the crop resized to the output size
 */
public record Sample(int index, String background, String template, boolean flipped, CropKind cropKind,
                     double targetIou, Box paste, Box crop, double iou, RgbaImage image) {
}
