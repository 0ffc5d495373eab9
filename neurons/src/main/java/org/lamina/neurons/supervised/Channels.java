package org.lamina.neurons.supervised;

/**
 * The dense-message channels of supervised populations. A population's emission reaches every
 * outgoing projection, so a layer's bottom-up receiver also sees its top-down errors and its
 * top-down receiver its activity; each keeps only its own channel.
 */
public final class Channels {
    /** Bottom-up activity (and labels, and any plain input): channel 0, the default. */
    public static final int BOTTOM_UP = 0;
    /** Top-down errors. */
    public static final int TOP_DOWN = 1;
    /** The top-down task pass of a BU–TD network (the activity that gates the bottom-up pass). */
    public static final int TASK = 2;

    private Channels() {
    }
}
