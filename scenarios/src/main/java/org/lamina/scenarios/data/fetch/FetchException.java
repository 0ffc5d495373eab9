package org.lamina.scenarios.data.fetch;

import java.io.IOException;

/** A fetch that could not complete; {@link #kind()} tells a missing tool (the user's to fix) from a failed download. */
public final class FetchException extends IOException {
    /** What went wrong. */
    public enum Kind {
        /** npm, apt-get, dpkg or tar is not installed. */
        TOOL_MISSING,
        /** The package client ran and failed, or the package lacks an expected file. */
        DOWNLOAD_FAILED,
        /** The files arrived with other checksums than the pinned ones. */
        CHECKSUM_MISMATCH
    }

    private final Kind kind;

    public FetchException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public FetchException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
