package io.framewise.cocofilter.core.masks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An annotation's {@code segmentation}, in one of COCO's three forms, turned into RLEs the way pycocotools'
 * {@code annToRLE} does: polygons are rasterized at the image's size, RLEs keep their own {@code size}.
 */
public sealed interface Segmentation {

    /**
     * The binary masks the segmentation covers (their union is the instance).
     *
     * @throws IllegalArgumentException when the segmentation cannot be rendered, with the reason
     */
    List<Rle> toRles(int imageHeight, int imageWidth);

    /**
     * A list of polygons [x0, y0, x1, y1, ...]. As in pycocotools' {@code frPyObjects}, when the first one has
     * exactly four numbers the list is read as boxes [x, y, w, h].
     */
    record Polygons(List<double[]> polygons) implements Segmentation {
        @Override
        public List<Rle> toRles(int imageHeight, int imageWidth) {
            if (polygons.isEmpty()) {
                throw new IllegalArgumentException("the segmentation is an empty list");
            }
            boolean boxes = polygons.get(0).length == 4;
            List<Rle> rles = new ArrayList<>();
            for (double[] polygon : polygons) {
                if (boxes && polygon.length != 4) {
                    throw new IllegalArgumentException("a list of boxes holds a polygon (pycocotools fails on it)");
                }
                rles.add(boxes ? PolygonRaster.rasterizeBox(polygon, imageHeight, imageWidth)
                        : PolygonRaster.rasterize(polygon, imageHeight, imageWidth));
            }
            return rles;
        }
    }

    /** RLE with {@code counts} as a list of run lengths (COCO's "uncompressed" RLE, used for crowds). */
    record CountsRle(int height, int width, long[] counts) implements Segmentation {
        @Override
        public List<Rle> toRles(int imageHeight, int imageWidth) {
            int[] runs = new int[counts.length];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] < 0 || counts[i] > 0xFFFFFFFFL) {
                    throw new IllegalArgumentException("RLE count " + counts[i] + " is not a 32-bit unsigned int");
                }
                runs[i] = (int) counts[i];
            }
            return List.of(new Rle(height, width, runs));
        }
    }

    /** RLE with {@code counts} as a compressed string. */
    record StringRle(int height, int width, String counts) implements Segmentation {
        @Override
        public List<Rle> toRles(int imageHeight, int imageWidth) {
            return List.of(RleString.decode(counts, height, width));
        }
    }

    /** No segmentation, or one we cannot read (with why). */
    record Unusable(String reason) implements Segmentation {
        @Override
        public List<Rle> toRles(int imageHeight, int imageWidth) {
            throw new IllegalArgumentException(reason);
        }
    }

    /** Reads the segmentation of the annotation object the parser is on; other fields are skipped. */
    static Segmentation read(JsonParser p) throws IOException {
        Segmentation found = new Unusable("no segmentation");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("segmentation")) {
                found = switch (value) {
                    case START_ARRAY -> readPolygons(p);
                    case START_OBJECT -> readRle(p);
                    default -> new Unusable("segmentation is " + p.getText());
                };
            } else {
                p.skipChildren();
            }
        }
        return found;
    }

    private static Segmentation readPolygons(JsonParser p) throws IOException {
        List<double[]> polygons = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_ARRAY) {
                p.skipChildren();
                skipRest(p);
                return new Unusable("segmentation is not a list of polygons");
            }
            double[] polygon = numbers(p);
            if (polygon == null) {
                skipRest(p);
                return new Unusable("a polygon holds something else than numbers");
            }
            polygons.add(polygon);
        }
        return new Polygons(polygons);
    }

    private static Segmentation readRle(JsonParser p) throws IOException {
        double[] size = null;
        String text = null;
        double[] runs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("size") && value == JsonToken.START_ARRAY) {
                size = numbers(p);
            } else if (field.equals("counts") && value == JsonToken.VALUE_STRING) {
                text = p.getText();
            } else if (field.equals("counts") && value == JsonToken.START_ARRAY) {
                runs = numbers(p);
            } else {
                p.skipChildren();
            }
        }
        if (size == null || size.length != 2 || size[0] < 0 || size[1] < 0) {
            return new Unusable("RLE without a valid size [height, width]");
        }
        int height = (int) size[0];
        int width = (int) size[1];
        if (text != null) {
            return new StringRle(height, width, text);
        }
        if (runs == null) {
            return new Unusable("RLE without counts");
        }
        long[] counts = new long[runs.length];
        for (int i = 0; i < runs.length; i++) {
            counts[i] = (long) runs[i];
        }
        return new CountsRle(height, width, counts);
    }

    /** The numbers of the array the parser is on, or null (array skipped) if it holds anything else. */
    private static double[] numbers(JsonParser p) throws IOException {
        double[] values = new double[16];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (!t.isNumeric()) {
                p.skipChildren();
                skipRest(p);
                return null;
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = p.getDoubleValue();
        }
        return Arrays.copyOf(values, n);
    }

    /** Skips to the end of the array or object the parser is inside. */
    private static void skipRest(JsonParser p) throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
        }
    }
}
