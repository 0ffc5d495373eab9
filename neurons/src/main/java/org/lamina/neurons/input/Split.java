package org.lamina.neurons.input;

import java.util.Locale;

/** Which part of a dataset: the training or the test examples. */
public enum Split {
    TRAIN, TEST;

    /** The name used in files, scenarios and on the command line: {@code train} or {@code test}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code train} or {@code test} (any case). */
    public static Split parse(String text) {
        for (Split s : values()) {
            if (s.label().equalsIgnoreCase(text.trim())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split '" + text + "': expected train or test");
    }
}
