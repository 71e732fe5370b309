package dev.synchook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the user names (templates, config, routes, workspace specs): unreadable is bad input, exit 2. */
public final class UserFiles {

    private UserFiles() {
    }

    public static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw SynchookException.badInput("file", file, "cannot be read (" + e.getClass().getSimpleName() + ")",
                    "check the path and that the file is mounted");
        }
    }
}
