package dev.synchook.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden files under src/test/resources/golden. To accept a deliberate change, run the tests with
 * {@code -Dsynchook.golden.update=true} and review the diff.
 */
public final class Golden {

    public static final Path DIR = Path.of("src/test/resources/golden");

    private Golden() {
    }

    public static void assertMatches(String name, String actual) throws IOException {
        Path file = DIR.resolve(name + ".yaml");
        if (Boolean.getBoolean("synchook.golden.update")) {
            Files.createDirectories(DIR);
            Files.writeString(file, actual);
        }
        assertThat(file).as("golden file %s (create it with -Dsynchook.golden.update=true)", file).exists();
        assertThat(actual).as("rendered %s", name).isEqualTo(Files.readString(file));
    }
}
