package dev.synchook.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code trigger} does after the run exists: wait for it (and gate the sync on it), prune older runs. */
public class WaitOptions {

    @Option(names = "--wait", arity = "0..1", fallbackValue = "true",
            description = "Wait for the run to finish and exit with its result: 0 succeeded, 1 failed or cancelled, 4 wait deadline.")
    boolean wait;

    @Mixin
    DeadlineOptions deadline;

    @Mixin
    PruneOptions prune;
}
