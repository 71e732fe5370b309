package dev.synchook;

/**
 * The webhook receiver as {@code serve} starts it: implemented in package {@code webhook}, called from
 * {@code cli}, so that the command line needs nothing of the receiver but this.
 */
public interface Receiver {

    /** Reads and checks every setting, route and template; a mistake is a {@link SynchookException} (exit 2). */
    void check();
}
