package org.lamina.scenarios.cli;

import java.util.concurrent.Callable;
import org.lamina.neurons.catalog.ModelReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lamina models}: every population model a scenario can name, with its parameters. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the population models a scenario can name, with each parameter's type, default and meaning.")
public final class ModelsCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "As the Markdown tables of docs/scenarios.md.")
    boolean markdown;

    @Override
    public Integer call() {
        System.out.print(markdown ? ModelReference.markdown() : ModelReference.text());
        return 0;
    }
}
