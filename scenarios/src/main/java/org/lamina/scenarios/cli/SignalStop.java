package org.lamina.scenarios.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.lamina.scenarios.run.RunStop;
import org.lamina.sim.engine.Simulation;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM as a request to stop the run at the next window boundary, so that
 * its folder is left whole: trace with an INTERRUPTED footer, metrics.json, report, a manifest
 * that says "interrupted". The command then exits with 128 + the signal's number (130, 143), as
 * if the signal had ended it. A second signal ends the process at once, writing nothing more.
 *
 * <p>Installed only while runs go ({@link #install} .. {@link #close}); before and after, the
 * JVM's own handling applies (there is nothing to save). The handlers are {@code sun.misc.Signal}
 * (module jdk.unsupported), the only way the JDK offers to handle a signal rather than be shut
 * down by it: a shutdown hook would race Pekko's own hook, which stops the actor system, and could
 * not tell SIGINT from SIGTERM. Where the JVM does not let them be installed ({@code -Xrs}), the
 * signals keep their default effect.
 */
final class SignalStop implements RunStop, AutoCloseable {
    private final PrintStream err;
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private Simulation running;
    private String received;
    private int exitCode;

    private SignalStop(PrintStream err) {
        this.err = err;
    }

    /** Handles SIGINT and SIGTERM until {@link #close}; notes go to {@code err}. */
    static SignalStop install(PrintStream err) {
        SignalStop stop = new SignalStop(err);
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal signal = new Signal(name);
                stop.previous.put(signal, Signal.handle(signal, stop::received));
            } catch (IllegalArgumentException e) {
                err.println("note: SIG" + name + " cannot be handled here (" + e.getMessage() + "): it will end a run"
                        + " without writing its outputs");
            }
        }
        return stop;
    }

    private void received(Signal signal) {
        Simulation sim;
        synchronized (this) {
            if (received != null) {
                err.println("lamina: SIG" + signal.getName() + " again: stopping at once (the run folder keeps what"
                        + " was written; its manifest will be reported dead)");
                err.flush();
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
            received = "SIG" + signal.getName();
            exitCode = 128 + signal.getNumber();
            sim = running;
        }
        err.println("lamina: " + received + ": stopping the run at the next window boundary and writing its outputs"
                + " (send it again to stop at once)");
        if (sim != null) {
            sim.interrupt(received);
        }
    }

    @Override
    public synchronized Optional<String> requested() {
        return Optional.ofNullable(received);
    }

    /** 128 + the number of the signal received (130 for SIGINT, 143 for SIGTERM); 0 when none was. */
    synchronized int exitCode() {
        return exitCode;
    }

    @Override
    public void running(Simulation sim) {
        String reason;
        synchronized (this) {
            running = sim;
            reason = received;
        }
        if (reason != null) {
            sim.interrupt(reason); // the signal came while the run was starting
        }
    }

    @Override
    public synchronized void ended() {
        running = null;
    }

    /** Gives the signals back to the handlers they had. */
    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
