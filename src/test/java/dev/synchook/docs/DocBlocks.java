package dev.synchook.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shell blocks of README.md and docs/*.md: fenced {@code sh}, {@code bash}, {@code shell} or
 * {@code console} blocks, with the {@code <!-- illustrative: why -->} comment that may precede one.
 */
final class DocBlocks {

    static final Set<String> SHELL = Set.of("sh", "bash", "shell", "console");
    private static final Pattern FENCE = Pattern.compile("^( *)```(\\S*)\\s*$");
    private static final Pattern ILLUSTRATIVE = Pattern.compile("^\\s*<!--\\s*illustrative(?::\\s*(.*?))?\\s*-->\\s*$");

    /**
     * One fenced block.
     *
     * @param line the 1-based line of its opening fence
     * @param text its lines without the fence's indentation
     * @param illustrative why it is not run, when a comment before it says so
     * @param after the prose up to the next fenced block or heading
     */
    record Block(Path file, int line, String language, String text, Optional<String> illustrative, String after) {

        String where() {
            return file + ":" + line;
        }

        boolean isShell() {
            return SHELL.contains(language);
        }

        /** Its commands: continuation lines joined, comment and blank lines dropped, a console's {@code $ } prompt removed. */
        List<String> commands() {
            List<String> commands = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String raw : text.split("\n", -1)) {
                String line = language.equals("console") && raw.startsWith("$ ") ? raw.substring(2) : raw;
                if (current.isEmpty() && (line.isBlank() || line.strip().startsWith("#"))) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    current.append(line, 0, line.length() - 1);
                    continue;
                }
                current.append(line);
                commands.add(current.toString().strip());
                current.setLength(0);
            }
            if (!current.isEmpty()) {
                commands.add(current.toString().strip());
            }
            return commands;
        }
    }

    private DocBlocks() {
    }

    /** README.md and every docs/*.md, in a stable order. */
    static List<Path> documents() {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<Block> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                end++;
            }
            List<String> body = new ArrayList<>();
            for (String l : lines.subList(i + 1, Math.min(end, lines.size()))) {
                body.add(l.length() >= indent && l.substring(0, indent).isBlank() ? l.substring(indent) : l.strip());
            }
            Optional<String> illustrative = Optional.empty();
            for (int b = i - 1; b >= 0 && b >= i - 3; b--) {
                if (lines.get(b).isBlank()) {
                    continue;
                }
                Matcher m = ILLUSTRATIVE.matcher(lines.get(b));
                if (m.matches()) {
                    illustrative = Optional.of(m.group(1) == null ? "" : m.group(1));
                }
                break;
            }
            StringBuilder after = new StringBuilder();
            for (int a = end + 1; a < lines.size() && !lines.get(a).startsWith("#") && !FENCE.matcher(lines.get(a)).matches(); a++) {
                after.append(lines.get(a)).append('\n');
            }
            blocks.add(new Block(file, i + 1, open.group(2), String.join("\n", body), illustrative, after.toString()));
            i = end;
        }
        return blocks;
    }

    /** Splits one command into words as a POSIX shell would for plain words, quotes and backslashes (no expansions). */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\'') {
                int close = command.indexOf('\'', i + 1);
                word.append(command, i + 1, close);
                i = close;
                inWord = true;
            } else if (c == '"') {
                i++;
                for (; command.charAt(i) != '"'; i++) {
                    char d = command.charAt(i);
                    if (d == '\\' && "\"\\$`".indexOf(command.charAt(i + 1)) >= 0) {
                        d = command.charAt(++i);
                    } else if (d == '$' || d == '`') {
                        throw new IllegalArgumentException("expansion in a synchook command: " + command);
                    }
                    word.append(d);
                }
                inWord = true;
            } else if (c == '\\' && i + 1 < command.length()) {
                word.append(command.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else if ("$`|;&<>(){}*?".indexOf(c) >= 0) {
                throw new IllegalArgumentException("'" + c + "' in a synchook command: run it through a shell or mark it illustrative: "
                        + command);
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
