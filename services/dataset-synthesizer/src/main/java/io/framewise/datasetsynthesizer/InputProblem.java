package io.framewise.datasetsynthesizer;

import io.framewise.events.ObjectRef;

/** An input object the synthesis cannot use (undecodable, an image bomb, too large); names the object. */
final class InputProblem extends IllegalArgumentException {

    private final transient ObjectRef object;

    InputProblem(ObjectRef object, String message, Throwable cause) {
        super(message, cause);
        this.object = object;
    }

    ObjectRef object() {
        return object;
    }
}
