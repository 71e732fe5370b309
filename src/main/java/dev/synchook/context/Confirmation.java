package dev.synchook.context;

import java.util.List;

/**
 * How the Application answered for a notified operation: the notification's values are explicit
 * values from outside the cluster, so before they name a run they are checked against Argo CD's own
 * record of the operation ({@link OperationRecord}).
 *
 * @param outcome what the check found
 * @param record where the operation was found ({@code status.operationState}, {@code status.history[3]}), or why it was not
 * @param disagreements the claimed values the record contradicts (only for {@link Outcome#DISAGREES})
 */
public record Confirmation(Outcome outcome, String record, List<OperationRecord.Disagreement> disagreements) {

    public enum Outcome {
        /** The Application records the operation and contradicts nothing the notification says. */
        CONFIRMED,
        /** The Application records the operation and contradicts at least one value. */
        DISAGREES,
        /** The Application exists but records no operation with that start (or does not exist). */
        UNCONFIRMED,
        /** The Application could not be read (forbidden, unreachable): nothing is known. */
        UNREADABLE,
        /** No check was possible: discovery is off or there is no cluster to read. */
        NOT_CHECKED
    }

    public Confirmation {
        disagreements = List.copyOf(disagreements);
    }

    static Confirmation of(Outcome outcome, String record) {
        return new Confirmation(outcome, record, List.of());
    }
}
