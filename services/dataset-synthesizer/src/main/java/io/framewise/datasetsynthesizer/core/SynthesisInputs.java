package io.framewise.datasetsynthesizer.core;

import java.util.List;

/** The decoded backgrounds and templates a run draws from; both must be non-empty. */
public record SynthesisInputs(List<NamedImage> backgrounds, List<NamedImage> templates) {

    public SynthesisInputs {
        if (backgrounds == null || backgrounds.isEmpty()) {
            throw new IllegalArgumentException("no background images: give at least one JPEG or PNG background");
        }
        if (templates == null || templates.isEmpty()) {
            throw new IllegalArgumentException("no template images: give at least one RGBA PNG template");
        }
        backgrounds = List.copyOf(backgrounds);
        templates = List.copyOf(templates);
    }
}
