package org.lamina.scenarios.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lamina.neurons.input.DatasetShape;
import org.lamina.neurons.input.Split;

/**
 * Loads datasets by name: {@code bars} (generated), {@code mnist} and {@code fashion-mnist}
 * (fetched IDX files) and {@code multi-mnist} (composed from MNIST's split, see {@link MultiMnist}).
 */
public final class Datasets {
    /** The name of the composed two-digit, two-task dataset. */
    public static final String MULTI_MNIST = "multi-mnist";
    /**
     * The seed Multi-MNIST pairs are drawn with: fixed, so every scenario trains and tests on the
     * same pairs (one per MNIST image of the split; the split picks its own stream).
     */
    public static final long MULTI_MNIST_SEED = 20_161_123L;

    private Datasets() {
    }

    /** The fetched files a dataset is made from (none for generated ones); empty for an unknown name too. */
    public static java.util.Optional<DatasetFiles> filesOf(String name) {
        return DatasetFiles.byName(name.equals(MULTI_MNIST) ? DatasetFiles.MNIST.name() : name);
    }

    /** Every name {@link #load} accepts. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        names.add(Bars.NAME);
        DatasetFiles.ALL.forEach(d -> names.add(d.name()));
        names.add(MULTI_MNIST);
        return names;
    }

    /**
     * The shape of the first {@code limit} examples ({@code 0}: all) of a split, without reading
     * any file: what {@link #load(String, Split, int)} will return, so a scenario can be checked
     * before its dataset is fetched.
     *
     * @throws IllegalArgumentException for an unknown name, saying which names are known
     */
    public static DatasetShape shape(String name, Split split, int limit) {
        DatasetShape whole;
        if (name.equals(Bars.NAME)) {
            Bars.Params p = Bars.Params.DEFAULT;
            whole = new DatasetShape(Bars.NAME, split, p.size(), p.size(), Bars.classes(p), List.of(), p.count(split));
        } else if (name.equals(MULTI_MNIST)) {
            DatasetShape digits = DatasetFiles.MNIST.shape(split);
            // Every pair of digits is presented under each task.
            whole = new DatasetShape(MULTI_MNIST, split, MultiMnist.SIZE, MultiMnist.SIZE, digits.classes(),
                    MultiMnist.TASK_NAMES, digits.size() * MultiMnist.TASK_NAMES.size());
        } else {
            whole = DatasetFiles.byName(name).orElseThrow(() -> unknown(name)).shape(split);
        }
        return whole.limit(limit);
    }

    private static IllegalArgumentException unknown(String name) {
        return new IllegalArgumentException("unknown dataset '" + name + "': expected one of " + String.join(", ", names()));
    }

    /** Loads from the data folder of this environment ({@link DataFolder#resolve()}). */
    public static Dataset load(String name, Split split) throws IOException {
        return load(name, split, DataFolder.resolve());
    }

    /**
     * The first {@code limit} examples of a split ({@code 0}: all of them) from this environment's
     * data folder. Multi-MNIST then composes only the pairs it needs (pair {@code i} is the same
     * however many are made), so a small limit stays small in memory.
     */
    public static Dataset load(String name, Split split, int limit) throws IOException {
        return load(name, split, limit, DataFolder.resolve());
    }

    /** As {@link #load(String, Split, int)}, from {@code dataFolder}. */
    public static Dataset load(String name, Split split, int limit, Path dataFolder) throws IOException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        if (name.equals(MULTI_MNIST)) {
            return multiMnist(split, dataFolder, limit);
        }
        Dataset data = load(name, split, dataFolder);
        return limit == 0 ? data : data.limit(limit);
    }

    /** The first {@code limit} examples ({@code 0}: all) of Multi-MNIST, composing only the pairs they need. */
    private static Dataset multiMnist(Split split, Path dataFolder, int limit) throws IOException {
        Dataset digits = load(DatasetFiles.MNIST, split, DatasetFiles.MNIST.folderIn(dataFolder));
        int pairs = limit == 0 ? digits.size() : Math.min(digits.size(), (limit + 1) / 2);
        Dataset all = MultiMnist.compose(digits, pairs, MULTI_MNIST_SEED).withTasks();
        return limit == 0 ? all : all.limit(limit);
    }

    /**
     * Loads a split; {@code bars} is generated with {@link Bars.Params#DEFAULT} (use {@link Bars#generate}
     * for other sizes or seeds); {@code multi-mnist} composes as many pairs as MNIST's split has
     * images (both digits drawn uniformly with replacement) and presents every pair under both
     * tasks. Pixels are raw: 0..255 for IDX datasets and Multi-MNIST, 0/1 for bars.
     *
     * @throws DatasetMissingException when the files are not in {@code dataFolder}, saying what to run
     * @throws IdxFormatException when a file is truncated or corrupt
     */
    public static Dataset load(String name, Split split, Path dataFolder) throws IOException {
        if (name.equals(Bars.NAME)) {
            return Bars.generate(Bars.Params.DEFAULT, split);
        }
        if (name.equals(MULTI_MNIST)) {
            return multiMnist(split, dataFolder, 0);
        }
        DatasetFiles files = DatasetFiles.byName(name).orElseThrow(() -> unknown(name));
        return load(files, split, files.folderIn(dataFolder));
    }

    /** Loads a split of {@code files} from {@code folder} (the dataset's own folder). */
    public static Dataset load(DatasetFiles files, Split split, Path folder) throws IOException {
        Path imagesFile = folder.resolve(files.images(split).fileName());
        Path labelsFile = folder.resolve(files.labels(split).fileName());
        for (Path p : List.of(imagesFile, labelsFile)) {
            if (!Files.isRegularFile(p)) {
                throw new DatasetMissingException(files.name() + " is not in " + folder + " (no " + p.getFileName()
                        + "): run `lamina datasets fetch " + files.name() + "`, or set " + DataFolder.ENV
                        + " to the folder that holds it");
            }
        }
        IdxReader.IdxArray images = IdxReader.read(imagesFile, 3);
        IdxReader.IdxArray labels = IdxReader.read(labelsFile, 1);
        int count = images.dim(0);
        if (labels.dim(0) != count) {
            throw new IdxFormatException(labelsFile, "has " + labels.dim(0) + " labels for the " + count
                    + " images of " + imagesFile.getFileName());
        }
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            labelValues[i] = labels.unsigned(i);
            if (labelValues[i] >= files.classes()) {
                throw new IdxFormatException(labelsFile, "label " + labelValues[i] + " of example " + i
                        + " is outside 0.." + (files.classes() - 1));
            }
        }
        float[] pixels = new float[images.data().length];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = images.unsigned(i);
        }
        // IDX images are count × rows × columns.
        Dataset data = new Dataset(files.name(), split, images.dim(2), images.dim(1), files.classes(), pixels, labelValues);
        if (!data.shape().equals(files.shape(split))) {
            throw new IdxFormatException(imagesFile, "holds " + data.shape() + ", but " + files.name() + " is "
                    + files.shape(split));
        }
        return data;
    }
}
