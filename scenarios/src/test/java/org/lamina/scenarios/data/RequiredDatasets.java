package org.lamina.scenarios.data;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * For tests that need a fetched dataset: skipped when the data folder lacks it, unless
 * {@code LAMINA_REQUIRE_DATASETS} is set (CI fetches them first, so there it must not skip).
 */
public final class RequiredDatasets {
    private RequiredDatasets() {
    }

    public static Path folderOrSkip(DatasetFiles dataset) {
        Path folder = dataset.folderIn(DataFolder.resolve());
        boolean present = dataset.files().stream().allMatch(f -> Files.isRegularFile(folder.resolve(f.fileName())));
        if (!present) {
            String why = dataset.name() + " is not in " + folder + ": run `lamina datasets fetch " + dataset.name() + "`";
            if (System.getenv("LAMINA_REQUIRE_DATASETS") != null) {
                throw new AssertionError("LAMINA_REQUIRE_DATASETS is set but " + why);
            }
            Assumptions.abort(why);
        }
        return folder;
    }
}
