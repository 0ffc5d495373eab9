package org.lamina.scenarios.dsl;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;

/**
 * Values and keys as HOCON text, rendered by the config library (quoting and escaping included),
 * for files whose layout Lamina chooses (scenario files, manifests).
 */
public final class Hocon {
    private Hocon() {
    }

    /** A string, number or boolean as a HOCON value (strings quoted). */
    public static String value(Object v) {
        return ConfigValueFactory.fromAnyRef(v).render(ConfigRenderOptions.concise());
    }

    /** A key as written in a path: bare when it can be, quoted otherwise. */
    public static String key(String k) {
        return ConfigUtil.joinPath(k);
    }
}
