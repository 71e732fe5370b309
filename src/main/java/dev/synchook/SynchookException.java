package dev.synchook;

/**
 * The one error type: a one-line message that names the field and the value, a hint that says
 * how to fix it, and the exit code the process ends with.
 */
public final class SynchookException extends RuntimeException {

    private final ExitCode exitCode;
    private final String hint;

    public SynchookException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public SynchookException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    /** Bad input: {@code <field> "<value>": <problem>}, with the fix as hint. Exit 2. */
    public static SynchookException badInput(String field, String value, String problem, String fix) {
        String shown = value == null ? "" : " " + quote(value);
        return new SynchookException(ExitCode.BAD_INPUT, field + shown + ": " + problem, fix);
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String hint() {
        return hint;
    }

    /** The message and the hint on one line, as printed to the user. */
    public String oneLine() {
        String text = getMessage() + (hint == null || hint.isBlank() ? "" : "; " + hint);
        return text.replaceAll("[\\r\\n]+", " ");
    }

    /** Quotes a user value for a message, shortened and with control characters made visible. */
    public static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 77) + "..." : value;
        StringBuilder out = new StringBuilder("\"");
        for (char c : shown.toCharArray()) {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
