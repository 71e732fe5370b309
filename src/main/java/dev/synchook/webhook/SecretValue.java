package dev.synchook.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A secret given inline or as a file. A mounted Secret changes in place when it is rotated, so the
 * file is read again whenever its modification time changes. The value is never logged.
 */
final class SecretValue {

    private static final Logger LOG = Logger.getLogger(SecretValue.class);

    private record Cached(FileTime modified, Optional<byte[]> value) {
    }

    private final String name;
    private final Optional<byte[]> inline;
    private final Optional<Path> file;
    private volatile Cached cached;

    SecretValue(String name, Optional<String> inline, Optional<Path> file) {
        this.name = name;
        this.inline = inline.map(String::strip).filter(s -> !s.isEmpty()).map(s -> s.getBytes(StandardCharsets.UTF_8));
        this.file = file;
    }

    boolean configured() {
        return inline.isPresent() || file.isPresent();
    }

    Optional<byte[]> get() {
        if (file.isEmpty()) {
            return inline;
        }
        Path path = file.get();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            Cached current = cached;
            if (current == null || !current.modified().equals(modified)) {
                String text = Files.readString(path).strip();
                current = new Cached(modified, text.isEmpty() ? Optional.empty() : Optional.of(text.getBytes(StandardCharsets.UTF_8)));
                cached = current;
            }
            return current.value().or(() -> inline);
        } catch (IOException e) {
            LOG.warnf("cannot read the %s file %s (%s)", name, path, e.getClass().getSimpleName());
            return inline;
        }
    }
}
