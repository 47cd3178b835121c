package io.framewise.videoannotator.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.framewise.common.model.detector.Detection;
import io.framewise.common.model.keypoints.Keypoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams detections as a COCO results file: a JSON array of {@code {image_id, category_id, bbox, score}}
 * with {@code image_id} = frame index + 1 and {@code category_id} = the model's category index + 1 (its
 * categories in order), plus {@code category_name}, {@code assessor_score} for a LoANs model, and
 * {@code file_name} for an image of an image set (pycocotools' {@code loadRes} keeps extra fields). A pose
 * detection also has {@code keypoints}, COCO's keypoint results format: {@code x, y, score} for every part in the
 * model's part order (the score is the part's confidence, where ground truth has its visibility).
 */
public final class CocoResultsWriter implements AutoCloseable {

    private final JsonGenerator json;
    private final List<String> categories;

    public CocoResultsWriter(Path file, List<String> categories) throws IOException {
        this.categories = categories;
        json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8);
        json.writeStartArray();
    }

    public void write(AnnotatedFrame frame) throws IOException {
        write(frame, null);
    }

    /** Writes a frame's detections; {@code fileName}, when not null, names the image in each result. */
    public void write(AnnotatedFrame frame, String fileName) throws IOException {
        for (Detection d : frame.detections()) {
            json.writeRaw('\n');
            json.writeStartObject();
            json.writeNumberField("image_id", frame.index() + 1);
            if (fileName != null) {
                json.writeStringField("file_name", fileName);
            }
            json.writeNumberField("category_id", d.category() + 1);
            json.writeStringField("category_name", d.category() < categories.size() ? categories.get(d.category()) : "?");
            json.writeArrayFieldStart("bbox");
            json.writeNumber(round(d.x()));
            json.writeNumber(round(d.y()));
            json.writeNumber(round(d.width()));
            json.writeNumber(round(d.height()));
            json.writeEndArray();
            json.writeNumberField("score", round(d.score()));
            if (!d.keypoints().isEmpty()) {
                json.writeArrayFieldStart("keypoints");
                for (Keypoint k : d.keypoints()) {
                    json.writeNumber(round(k.x()));
                    json.writeNumber(round(k.y()));
                    json.writeNumber(round(k.confidence()));
                }
                json.writeEndArray();
            }
            if (frame.assessorScores()) {
                json.writeNumberField("assessor_score", round(d.score()));
            }
            json.writeEndObject();
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @Override
    public void close() throws IOException {
        json.writeRaw('\n');
        json.writeEndArray();
        json.close();
    }
}
