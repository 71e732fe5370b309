package dev.synchook.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A secret given inline or as a file, one value per line: during a rotation both the old and the new
 * value are accepted. A mounted Secret changes in place when it is rotated, so the file is read again
 * whenever its modification time changes. The value is never logged.
 */
final class SecretValue {

    private static final Logger LOG = Logger.getLogger(SecretValue.class);

    private record Cached(FileTime modified, List<byte[]> values) {
    }

    private final String name;
    private final List<byte[]> inline;
    private final Optional<Path> file;
    private volatile Cached cached;

    SecretValue(String name, Optional<String> inline, Optional<Path> file) {
        this.name = name;
        this.inline = lines(inline.orElse(""));
        this.file = file;
    }

    boolean configured() {
        return !inline.isEmpty() || file.isPresent();
    }

    /** The values in force: the file's lines, else the inline ones. */
    List<byte[]> values() {
        if (file.isEmpty()) {
            return inline;
        }
        Path path = file.get();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            Cached current = cached;
            if (current == null || !current.modified().equals(modified)) {
                current = new Cached(modified, lines(Files.readString(path)));
                cached = current;
            }
            return current.values().isEmpty() ? inline : current.values();
        } catch (IOException e) {
            LOG.warnf("cannot read the %s file %s (%s)", name, path, e.getClass().getSimpleName());
            return inline;
        }
    }

    private static List<byte[]> lines(String text) {
        return text.lines().map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    }
}
