package org.lamina.sim.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Versions and machine facts recorded with every artefact. */
public final class Provenance {
    private Provenance() {
    }

    /** Lamina's version, from the build. */
    public static String laminaVersion() {
        try (InputStream in = Provenance.class.getResourceAsStream("/lamina-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static org.lamina.proto.Provenance current() {
        return org.lamina.proto.Provenance.newBuilder()
                .setJavaVersion(System.getProperty("java.version", ""))
                .setJavaVendor(System.getProperty("java.vendor", ""))
                .setOsName(System.getProperty("os.name", ""))
                .setOsArch(System.getProperty("os.arch", ""))
                .setCores(Runtime.getRuntime().availableProcessors())
                .setCpuModel(cpuModel())
                .build();
    }

    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .findFirst().orElse("");
            } catch (IOException | java.io.UncheckedIOException e) {
                return "";
            }
        }
        return "";
    }
}
