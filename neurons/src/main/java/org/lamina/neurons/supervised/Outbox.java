package org.lamina.neurons.supervised;

import java.util.ArrayDeque;
import org.lamina.sim.model.Emitter;
import org.lamina.sim.model.ModelState;

/**
 * Messages waiting to be emitted, one per step in the order they were made (a population emits
 * at most once per step; the order is what receivers rely on). Buffers are reused, so a steady
 * run allocates nothing.
 */
final class Outbox {
    private record Message(float[] values, int width, int channel) {
    }

    private final int batch;
    private final ArrayDeque<Message> queue = new ArrayDeque<>();
    private final ArrayDeque<float[]> free = new ArrayDeque<>();

    Outbox(int batch) {
        this.batch = batch;
    }

    /** Queues a copy of {@code values} ({@code batch × width}) for {@code channel}. */
    void add(float[] values, int width, int channel) {
        float[] buf = take(batch * width);
        System.arraycopy(values, 0, buf, 0, batch * width);
        queue.addLast(new Message(buf, width, channel));
    }

    /**
     * Queues, for {@code channel}, rows made of a row of {@code left} ({@code batch × wl})
     * followed by a row of {@code right} ({@code batch × wr}).
     */
    void addJoined(float[] left, int wl, float[] right, int wr, int channel) {
        int width = wl + wr;
        float[] buf = take(batch * width);
        for (int b = 0; b < batch; b++) {
            System.arraycopy(left, b * wl, buf, b * width, wl);
            System.arraycopy(right, b * wr, buf, b * width + wl, wr);
        }
        queue.addLast(new Message(buf, width, channel));
    }

    /** Emits the oldest waiting message, if any. */
    void emitOne(Emitter out) {
        Message m = queue.pollFirst();
        if (m != null) {
            out.dense(m.values(), m.width(), m.channel()); // the emitter copies
            free.addLast(m.values());
        }
    }

    int waiting() {
        return queue.size();
    }

    /** Writes the waiting messages as {@code outbox.widths}, {@code outbox.channels} and their rows one after another. */
    void save(ModelState out) {
        int[] widths = new int[queue.size()];
        int[] channels = new int[queue.size()];
        int total = 0;
        int i = 0;
        for (Message m : queue) {
            widths[i] = m.width();
            channels[i++] = m.channel();
            total += batch * m.width();
        }
        float[] values = new float[total];
        int at = 0;
        for (Message m : queue) {
            System.arraycopy(m.values(), 0, values, at, batch * m.width());
            at += batch * m.width();
        }
        out.put("outbox.widths", widths);
        out.put("outbox.channels", channels);
        out.put("outbox.values", values);
    }

    /** Queues again what {@link #save} wrote (after anything queued already, which a fresh model has none of). */
    void restore(ModelState in) {
        int[] widths = in.ints("outbox.widths");
        int[] channels = in.ints("outbox.channels");
        float[] values = in.floats("outbox.values");
        long total = 0;
        for (int w : widths) {
            total += (long) batch * w;
        }
        if (channels.length != widths.length || total != values.length) {
            throw new IllegalStateException("model state 'outbox.values' holds " + values.length + " values, its "
                    + widths.length + " messages of batch " + batch + " need " + total);
        }
        int at = 0;
        for (int i = 0; i < widths.length; i++) {
            float[] buf = take(batch * widths[i]);
            System.arraycopy(values, at, buf, 0, batch * widths[i]);
            at += batch * widths[i];
            queue.addLast(new Message(buf, widths[i], channels[i]));
        }
    }

    private float[] take(int length) {
        for (int i = 0; i < free.size(); i++) {
            float[] f = free.pollFirst();
            if (f.length >= length) {
                return f;
            }
            free.addLast(f);
        }
        return new float[length];
    }

    /** Splits {@code batch × (wl + wr)} rows into their left and right parts. */
    static void split(float[] rows, int batch, int wl, float[] left, int wr, float[] right) {
        int width = wl + wr;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows, b * width, left, b * wl, wl);
            System.arraycopy(rows, b * width + wl, right, b * wr, wr);
        }
    }
}
