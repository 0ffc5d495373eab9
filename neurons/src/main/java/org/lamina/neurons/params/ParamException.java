package org.lamina.neurons.params;

/** Parameters of a model that do not fit together, naming the parameter at fault. */
public final class ParamException extends IllegalArgumentException {
    private final String key;

    public ParamException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The parameter at fault, in kebab case. */
    public String key() {
        return key;
    }
}
