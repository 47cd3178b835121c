package io.framewise.cocofilter;

import io.framewise.cocofilter.core.CocoFormatException;
import io.framewise.events.ObjectRef;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The input object is not a COCO file the filter can read. The core names the file it read, which here is
 * a download in a work folder the user never sees; this names the object in the store instead, keeping the
 * position (line, column, byte).
 */
final class InputFormatException extends IOException {

    InputFormatException(CocoFormatException e, Path localCopy, ObjectRef object) {
        super(e.getMessage().replace(localCopy.toString(), FilterRequestForm.name(object)), e);
    }
}
