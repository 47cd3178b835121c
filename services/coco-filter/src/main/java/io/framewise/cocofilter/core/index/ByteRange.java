package io.framewise.cocofilter.core.index;

/** Where one JSON value sits in the input file: its first byte and its length in bytes. */
public record ByteRange(long start, int length) {
}
