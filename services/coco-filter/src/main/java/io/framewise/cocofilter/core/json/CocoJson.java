package io.framewise.cocofilter.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/** The one JSON dialect the filter reads and writes. */
public final class CocoJson {

    /**
     * Python's json module writes NaN and Infinity for such floats and reads them back, so COCO files made in
     * Python can hold them; reading them keeps those files usable. A compressed RLE or a huge polygon can be
     * a long string, so the string length limit is lifted (the heap bound comes from holding one annotation at
     * a time, not from this limit).
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private CocoJson() {
    }
}
