package dev.synchook.cli;

import dev.synchook.tekton.RunPruner;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Which finished runs of the same app and phase to keep; the others are deleted. */
public class PruneOptions {

    @Option(names = "--keep", paramLabel = "N",
            description = "Delete all but the N newest finished runs of the same app and phase (running runs are never deleted).")
    Integer keep;

    @Option(names = "--keep-since", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also keep runs that finished within this duration (as in tkn pr delete --keep-since), e.g. 24h.")
    Duration keepSince;

    @Option(names = "--prune-dry-run", arity = "0..1", fallbackValue = "true",
            description = "Only log the runs that would be deleted.")
    boolean dryRun;

    RunPruner.Policy policy() {
        if (keep != null && keep < 0) {
            throw dev.synchook.SynchookException.badInput("--keep", keep.toString(), "is negative", "write --keep 0 or more");
        }
        return new RunPruner.Policy(keep, keepSince, dryRun);
    }
}
