package org.lamina.scenarios.data;

import java.io.IOException;

/** A file dataset that has not been fetched into the data folder; the message says what to run. */
public final class DatasetMissingException extends IOException {
    public DatasetMissingException(String message) {
        super(message);
    }
}
