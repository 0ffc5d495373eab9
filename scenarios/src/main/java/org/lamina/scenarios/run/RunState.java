package org.lamina.scenarios.run;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lamina.scenarios.dsl.Hocon;

/**
 * How a run folder's run stands, read from its manifest and, for one that says "running", its
 * {@link RunLock}: a run whose process has gone without saying how it ended (kill -9, out of
 * memory, a full disk, a crash) is {@link RunStatus#DEAD}, and its manifest is changed to say
 * so the first time a command finds it. Commands that list or read runs ({@code lamina runs},
 * {@code lamina trace summary}, weights {@code from-run}) ask here.
 *
 * @param detail the manifest's error for a failed or interrupted run, what is known of a dead
 *               or running one; empty otherwise
 */
public record RunState(Path folder, RunStatus status, String scenario, String detail) {

    /** The state of the run in {@code folder}, or null when it has no manifest (not a run folder). */
    public static RunState of(Path folder) throws IOException {
        Path manifest = folder.resolve(RunOutputs.MANIFEST_FILE);
        if (!Files.isRegularFile(manifest)) {
            return null;
        }
        Config m = read(manifest);
        RunStatus said = RunStatus.parse(text(m, "status"));
        String scenario = text(m, "scenario.name");
        if (said != RunStatus.RUNNING) {
            return new RunState(folder, said, scenario, text(m, "error"));
        }
        String process = text(m, "process");
        String who = process.isEmpty() ? "" : " (process " + process + ")";
        RunState[] dead = new RunState[1];
        RunLock.Probe probe = RunLock.probe(folder, () -> {
            // Nobody holds the lock: unless the run has just ended (and said so), its process has gone.
            Config now = read(manifest);
            if (RunStatus.parse(text(now, "status")) == RunStatus.RUNNING) {
                String why = "its process" + who + " ended without finishing the run (killed, out of memory, a full"
                        + " disk or a crash); its trace holds what was written until then, without a footer";
                markDead(manifest, why);
                dead[0] = new RunState(folder, RunStatus.DEAD, scenario, why);
            } else {
                dead[0] = new RunState(folder, RunStatus.parse(text(now, "status")), scenario, text(now, "error"));
            }
        });
        return switch (probe) {
            case HELD -> new RunState(folder, RunStatus.RUNNING, scenario, "running" + who);
            case FREE -> dead[0];
            case ABSENT -> new RunState(folder, RunStatus.UNKNOWN, scenario, "the manifest says running, but the folder"
                    + " has no " + RunLock.FILE + " (written by a Lamina that did not lock its runs): whether its"
                    + " process is alive cannot be told");
        };
    }

    /** One line for the console: {@code dead: runs/x: its process ...}. */
    public String line() {
        return status.label() + ": " + folder + (detail.isEmpty() ? "" : ": " + detail);
    }

    private static Config read(Path manifest) throws IOException {
        try {
            return ConfigFactory.parseFile(manifest.toFile());
        } catch (ConfigException e) {
            throw new IOException(manifest + ": not a readable manifest: " + e.getMessage(), e);
        }
    }

    private static String text(Config m, String key) {
        return m.hasPath(key) ? m.getString(key) : "";
    }

    /** Rewrites the manifest's status and error (its other lines as they were), adding when it was found dead. */
    private static void markDead(Path manifest, String why) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String line : Files.readAllLines(manifest)) {
            if (line.startsWith("status = ")) {
                lines.add("status = " + Hocon.value(RunStatus.DEAD.label()));
                lines.add("found-dead-at = " + Hocon.value(Instant.now().toString()));
            } else if (line.startsWith("error = ")) {
                lines.add("error = " + Hocon.value(why));
            } else {
                lines.add(line);
            }
        }
        RunFiles.replace(manifest, String.join("\n", lines) + "\n");
    }
}
