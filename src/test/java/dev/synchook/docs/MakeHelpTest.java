package dev.synchook.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code make help} lists every target of the Makefile and make/*.mk, each with what it does. */
class MakeHelpTest {

    private static final Pattern TARGET = Pattern.compile("^([a-z][a-z0-9-]*):(?!=)");

    @Test
    void makeHelpListsEveryTarget() throws Exception {
        List<Path> makefiles = new ArrayList<>(List.of(Path.of("Makefile")));
        try (Stream<Path> included = Files.list(Path.of("make"))) {
            included.filter(p -> p.toString().endsWith(".mk")).sorted().forEach(makefiles::add);
        }
        List<String> targets = new ArrayList<>();
        for (Path makefile : makefiles) {
            for (String line : Files.readAllLines(makefile)) {
                Matcher m = TARGET.matcher(line);
                if (m.find()) {
                    targets.add(m.group(1));
                }
            }
        }
        assertThat(targets).contains("build", "test", "run", "manifests", "clean", "bench");

        Process make = new ProcessBuilder("make", "--no-print-directory", "help").redirectErrorStream(true).start();
        String out = new String(make.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(make.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(make.exitValue()).as(out).isZero();
        List<String> listed = out.lines().map(l -> l.split("\t", 2)).filter(p -> p.length == 2 && !p[1].isBlank())
                .map(p -> p[0]).toList();
        assertThat(listed).as("make help").containsExactlyInAnyOrderElementsOf(targets);
    }
}
