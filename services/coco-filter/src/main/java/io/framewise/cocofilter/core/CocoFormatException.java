package io.framewise.cocofilter.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The input is not a COCO file we can read: malformed or truncated JSON, or a required field missing. The
 * message names the file and the position (line, column and byte offset, counted from 1, 1 and 0).
 */
public final class CocoFormatException extends IOException {

    private final long line;
    private final long column;
    private final long byteOffset;

    public CocoFormatException(Path file, JsonLocation location, String problem) {
        super(describe(file, location, problem));
        this.line = location == null ? -1 : location.getLineNr();
        this.column = location == null ? -1 : location.getColumnNr();
        this.byteOffset = location == null ? -1 : location.getByteOffset();
    }

    /** Wraps a Jackson parse error (bad token, unexpected end of input...) with its position. */
    public static CocoFormatException of(Path file, JsonProcessingException e) {
        String what = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        CocoFormatException wrapped = new CocoFormatException(file, e.getLocation(),
                "malformed JSON: " + withoutSource(firstLine(what)));
        wrapped.initCause(e);
        return wrapped;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    public long byteOffset() {
        return byteOffset;
    }

    private static String describe(Path file, JsonLocation at, String problem) {
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                + (at.getByteOffset() >= 0 ? " (byte " + at.getByteOffset() + ")" : "");
        return file + where + ": " + problem;
    }

    /** Jackson names the source in nested locations ("[Source: REDACTED (...); line: 1, ..."); we name the file once. */
    private static String withoutSource(String s) {
        return s.replaceAll("\\[Source: [^;\\]]*; ", "[");
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
