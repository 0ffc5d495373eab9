package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is truncated, corrupt or not what was expected; the message names the file and the fault. */
public final class IdxFormatException extends IOException {
    public IdxFormatException(Path file, String fault) {
        super(file + ": " + fault);
    }

    public IdxFormatException(Path file, String fault, Throwable cause) {
        super(file + ": " + fault, cause);
    }
}
