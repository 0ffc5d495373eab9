package org.lamina.scenarios.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lamina.scenarios.data.DataFolder;
import org.lamina.scenarios.data.DatasetFiles;
import org.lamina.scenarios.data.Datasets;
import org.lamina.scenarios.dsl.Scenario;
import org.lamina.scenarios.dsl.ScenarioParser;
import org.lamina.scenarios.run.MemoryEstimate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lamina validate FILE}: checks a scenario without running it. Needs no dataset: parsing
 * knows every dataset's shape; it says when the data are not fetched yet.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a scenario file (and overrides) without running it; exit code 2 with file:line, key and "
                + "what was expected if it is not valid.")
public final class ValidateCommand implements Callable<Integer> {
    private final Path dataFolder;

    public ValidateCommand() {
        this(DataFolder.resolve());
    }

    /** With another data folder (tests). */
    ValidateCommand(Path dataFolder) {
        this.dataFolder = dataFolder;
    }

    @Parameters(index = "0", paramLabel = "FILE", description = "Scenario file (HOCON).")
    Path file;

    @Mixin
    CommonOptions.Overrides set;

    @Option(names = "--print", description = "Print the resolved scenario.")
    boolean print;

    @Override
    public Integer call() throws IOException {
        ScenarioParser.Plan plan = ScenarioParser.plan(file, set.values);
        Scenario s = plan.base();
        System.out.printf("%s: valid: scenario '%s', %d populations, %d projections, %d phases, %d steps%s%n", file,
                s.name(), s.populations().size(), s.projections().size(), s.schedule().size(), s.totalSteps(),
                plan.sweep() == null ? "" : ", a sweep of " + plan.points().size() + " runs (every point checked)");
        s.learnerNotes().forEach(System.out::println);
        MemoryEstimate m = MemoryEstimate.of(s);
        m.beyondArrayLimit().ifPresent(p -> {
            throw plan.locations().fail(p.key(), RunCommand.tooLargeForJava(p));
        });
        m.lines().forEach(System.out::println);
        long maxMemory = Runtime.getRuntime().maxMemory();
        m.tooLargeFor(maxMemory).ifPresent(p -> System.out.println("note: `lamina run` would refuse it here: "
                + m.refusal(maxMemory)));
        m.traceWarning(Long.MAX_VALUE).ifPresent(System.out::println);
        if (s.dataset() != null) {
            for (DatasetFiles files : Datasets.filesOf(s.dataset().source()).stream().toList()) {
                Path folder = files.folderIn(dataFolder);
                if (!files.check(folder).verified()) {
                    System.out.println("note: " + files.name() + " is not in " + folder + " yet; `lamina run` fetches it"
                            + " (or `lamina datasets fetch " + files.name() + "`)");
                }
            }
        }
        if (print) {
            System.out.print(s.toHocon());
        }
        return 0;
    }
}
