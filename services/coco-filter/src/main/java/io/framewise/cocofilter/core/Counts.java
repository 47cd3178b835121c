package io.framewise.cocofilter.core;

/** A count in the input and in the output. */
public record Counts(long before, long after) {
}
