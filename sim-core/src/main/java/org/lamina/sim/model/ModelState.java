package org.lamina.sim.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's complete state for a checkpoint, as named arrays: what {@link PopulationModel#save}
 * writes and {@link PopulationModel#restore} reads back into a model freshly created from the
 * same descriptor and context. Values are copied in and out; a name read that was not written,
 * or an array of another type or length, is an {@link IllegalStateException} naming it, so a
 * checkpoint that does not fit its model fails clearly instead of resuming something else.
 */
public final class ModelState {
    private final Map<String, Object> values = new LinkedHashMap<>();

    /** The arrays by name, in the order written: float[], double[], int[], long[] or boolean[] (not copied). */
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Puts an array as read back from a checkpoint file (no copy): one of the five array types. */
    public void putRaw(String name, Object array) {
        if (!(array instanceof float[] || array instanceof double[] || array instanceof int[] || array instanceof long[]
                || array instanceof boolean[])) {
            throw new IllegalArgumentException(name + ": not a float, double, int, long or boolean array");
        }
        put(name, array);
    }

    public void put(String name, float[] v) {
        put(name, (Object) v.clone());
    }

    public void put(String name, double[] v) {
        put(name, (Object) v.clone());
    }

    public void put(String name, int[] v) {
        put(name, (Object) v.clone());
    }

    public void put(String name, long[] v) {
        put(name, (Object) v.clone());
    }

    public void put(String name, boolean[] v) {
        put(name, (Object) v.clone());
    }

    public void put(String name, long v) {
        put(name, new long[] {v});
    }

    public void put(String name, double v) {
        put(name, new double[] {v});
    }

    public void put(String name, boolean v) {
        put(name, new boolean[] {v});
    }

    private void put(String name, Object array) {
        if (values.putIfAbsent(name, array) != null) {
            throw new IllegalArgumentException("model state '" + name + "' written twice");
        }
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public float[] floats(String name) {
        return get(name, float[].class).clone();
    }

    public double[] doubles(String name) {
        return get(name, double[].class).clone();
    }

    public int[] ints(String name) {
        return get(name, int[].class).clone();
    }

    public long[] longs(String name) {
        return get(name, long[].class).clone();
    }

    public boolean[] booleans(String name) {
        return get(name, boolean[].class).clone();
    }

    public long number(String name) {
        long[] v = get(name, long[].class);
        single(name, v.length);
        return v[0];
    }

    public double decimal(String name) {
        double[] v = get(name, double[].class);
        single(name, v.length);
        return v[0];
    }

    public boolean flag(String name) {
        boolean[] v = get(name, boolean[].class);
        single(name, v.length);
        return v[0];
    }

    /** Copies the array {@code name} into {@code into} (a live view the model keeps), which it must fit exactly. */
    public void copyInto(String name, float[] into) {
        float[] v = get(name, float[].class);
        fits(name, v.length, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }

    public void copyInto(String name, double[] into) {
        double[] v = get(name, double[].class);
        fits(name, v.length, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }

    public void copyInto(String name, int[] into) {
        int[] v = get(name, int[].class);
        fits(name, v.length, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }

    public void copyInto(String name, long[] into) {
        long[] v = get(name, long[].class);
        fits(name, v.length, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }

    public void copyInto(String name, boolean[] into) {
        boolean[] v = get(name, boolean[].class);
        fits(name, v.length, into.length);
        System.arraycopy(v, 0, into, 0, v.length);
    }

    private <T> T get(String name, Class<T> type) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("the checkpoint holds no model state '" + name + "' (it has " + values.keySet()
                    + "): it was written by another model or version");
        }
        if (!type.isInstance(v)) {
            throw new IllegalStateException("model state '" + name + "' is a " + v.getClass().getSimpleName()
                    + ", expected a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static void single(String name, int length) {
        if (length != 1) {
            throw new IllegalStateException("model state '" + name + "' holds " + length + " values, expected 1");
        }
    }

    private static void fits(String name, int length, int expected) {
        if (length != expected) {
            throw new IllegalStateException("model state '" + name + "' holds " + length + " values, this model needs "
                    + expected + " (the checkpoint was written for another network)");
        }
    }
}
