package dev.synchook.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/** Kubernetes shows the termination message in the pod's status; a missing directory (outside a pod) is fine. */
final class TerminationLog {

    private static final Logger LOG = Logger.getLogger(TerminationLog.class);
    // The kubelet keeps at most 4096 bytes of it.
    private static final int LIMIT = 4096;

    private TerminationLog() {
    }

    static void write(String path, String message) {
        if (path == null || path.isBlank()) {
            return;
        }
        Path file = Path.of(path);
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            LOG.debugf("no termination log: %s does not exist", file.getParent());
            return;
        }
        String text = message.length() > LIMIT ? message.substring(0, LIMIT) : message;
        try {
            Files.writeString(file, text);
        } catch (IOException | SecurityException e) {
            LOG.warnf("cannot write the termination message to %s: %s", path, e.getMessage());
        }
    }
}
